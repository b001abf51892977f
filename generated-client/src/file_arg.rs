//! `FileArg`, the spec format's `file` scalar: a file sent as one part of a
//! `multipart/form-data` body (`users.setPhoto`'s `image`, `apps.icon.set`'s `file`). Everything
//! the runtime does with one is here, beside the generator's facts in `codegen/src/scalar.rs`;
//! the multipart body itself is built in `encode.rs` and `call.rs`.

use std::fmt;

use bytes::Bytes;

/// A file argument: its bytes, the file name Slack is told and, optionally, its media type.
/// The bytes are shared, not copied, by every attempt of a call.
///
/// ```
/// use slack_api_client::FileArg;
///
/// let photo = FileArg::new("me.png", std::fs::read("Cargo.toml").unwrap_or_default())
///     .content_type("image/png");
/// assert_eq!(photo.file_name(), "me.png");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct FileArg {
    file_name: String,
    bytes: Bytes,
    content_type: Option<String>,
}

impl FileArg {
    /// The file `file_name` holding `bytes`.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> FileArg {
        FileArg {
            file_name: file_name.into(),
            bytes: bytes.into(),
            content_type: None,
        }
    }

    /// The file's media type (`image/png`); without one the part is sent as
    /// `application/octet-stream` and Slack looks at the bytes.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> FileArg {
        self.content_type = Some(content_type.into());
        self
    }

    /// The name Slack is told.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The media type, when one was given.
    pub fn media_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// Whether the media type, if any, parses as one (as reqwest will parse it): a call with
    /// another is refused before anything is sent.
    pub(crate) fn has_valid_media_type(&self) -> bool {
        let media = self.content_type.as_deref();
        media.is_none_or(|media| media.parse::<mime::Mime>().is_ok())
    }
}

/// The bytes are left out: a file can be large, and is no one's log line.
impl fmt::Debug for FileArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileArg")
            .field("file_name", &self.file_name)
            .field("bytes", &self.bytes.len())
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// By name (the example CLI), a file argument is `@path` (the file's bytes, named after it), or
/// the text itself as the file's contents, as curl reads a form field.
#[cfg(feature = "cli")]
impl crate::FromArg for FileArg {
    const EXPECTED: &'static str = "`@path` of a readable file, or the file's text";
    fn from_arg(value: &str) -> Result<Self, String> {
        let Some(path) = value.strip_prefix('@') else {
            return Ok(FileArg::new("file", value.as_bytes().to_vec()));
        };
        let bytes = std::fs::read(path)
            .map_err(|error| format!("{}: cannot read `{path}`: {error}", Self::EXPECTED))?;
        let file_name = std::path::Path::new(path).file_name().map_or_else(
            || path.to_owned(),
            |name| name.to_string_lossy().into_owned(),
        );
        Ok(FileArg::new(file_name, bytes))
    }
}
