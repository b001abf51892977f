//! The HTTP client: token, base URL, encoding, decoding. (STUB: the runtime brief replaces this.)

use crate::error::{Error, Response};
use crate::method::Method;

/// A Slack Web API client; cheap to clone and share across tasks.
#[derive(Clone)]
pub struct Client {
    _private: (),
}

/// Builds a [`Client`].
pub struct ClientBuilder {
    _private: (),
}

impl Client {
    /// Sends one request of any method and decodes its answer.
    pub async fn call<M: Method>(
        &self,
        request: &M,
    ) -> Result<Response<M::Response, M::Warning>, Error<M::Error>> {
        let _ = request;
        unimplemented!()
    }
}
