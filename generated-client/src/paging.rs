//! Paged lists: a method whose page documents a cursor, walked page by page or item by item as
//! a [`Stream`].
//!
//! Each page is a normal call ([`Client::call`]): it waits for the throttle, waits out 429s and
//! retries as the [`RetryPolicy`](crate::RetryPolicy) says. The walk asks for the next page with
//! the last answer's `response_metadata.next_cursor` and ends when that is empty or absent. An
//! error ends it after it is yielded. Nothing is fetched before the stream is polled, and
//! dropping it stops the walk: `take(n)` reads only the pages it needs.

use futures_core::Stream;
use futures_util::stream::{self, StreamExt};

use crate::client::Client;
use crate::error::Error;
use crate::method::Method;
use crate::response::Response;

/// A method whose answers come in pages; the generated request types of paged methods implement
/// it, from the spec's `pagination`.
pub trait Paged: Method + Clone + 'static {
    /// The wire name of the cursor argument (`cursor`).
    const CURSOR: &'static str;

    /// The cursor the first page is asked with when the request sets none (`search.messages`
    /// starts with `*`); `None` for the others, whose first page is asked without one.
    const FIRST_CURSOR: Option<&'static str> = None;

    /// The cursor argument, `None` for the first page.
    fn current_cursor(&self) -> Option<&str>;

    /// Sets the cursor argument, to ask for the page after the one that gave `cursor`.
    fn set_cursor(&mut self, cursor: String);

    /// The next page's cursor when the answer carries it outside
    /// `response_metadata.next_cursor` (`admin.conversations.search` at its top level,
    /// `search.messages` inside `messages.paging`); `None` for the others.
    fn next_cursor(_data: &Self::Response) -> Option<&str> {
        None
    }

    /// The page size the request asks for, where the walk may have to cap it (a method with
    /// an [`UnlistedAppLimit`](crate::UnlistedAppLimit) page size); `None` otherwise.
    fn page_size(&self) -> Option<i64> {
        None
    }

    /// Sets the page size (for such a method; the others ignore it).
    fn set_page_size(&mut self, _size: i64) {}
}

/// A paged method whose pages hold a list of items, walked one by one with [`Client::items`].
/// (A method whose pages hold a map by ID, such as `team.billableInfo`, is [`Paged`] only.)
pub trait Listed: Paged {
    /// One item of a page (a conversation, a message, a user ID).
    type Item: Send + 'static;

    /// Takes a page's items out of its payload.
    fn take_items(data: &mut Self::Response) -> Vec<Self::Item>;
}

/// One page's outcome: the whole typed answer, or the error that ends the walk.
pub type Page<M> =
    Result<Response<<M as Method>::Response, <M as Method>::Warning>, Error<<M as Method>::Error>>;

impl Client {
    /// Every page of `request`'s list, from the page `request` asks for (its own cursor, if any)
    /// to the last. Set the page size with the request's own setter (`limit`).
    ///
    /// ```no_run
    /// # async fn run(client: slack_api_client::Client) {
    /// use futures_util::StreamExt;
    /// use slack_api_client::api::ConversationsListRequest;
    ///
    /// let mut pages = std::pin::pin!(client.pages(ConversationsListRequest::new().limit(200)));
    /// while let Some(page) = pages.next().await {
    ///     match page {
    ///         Ok(page) => println!("{} channels", page.data.channels.len()),
    ///         Err(error) => eprintln!("{error}"),
    ///     }
    /// }
    /// # }
    /// ```
    pub fn pages<M: Paged>(&self, request: M) -> impl Stream<Item = Page<M>> + Send + 'static
    where
        M::Response: Send,
        M::Warning: Send,
        M::Error: Send,
    {
        let client = self.clone();
        let mut request = request;
        if let (None, Some(first)) = (request.current_cursor(), M::FIRST_CURSOR) {
            request.set_cursor(first.to_owned());
        }
        // An app outside the Slack Marketplace may ask for so many items a page and no more.
        let cap = M::UNLISTED_APP_LIMIT.and_then(|limit| limit.max_page_size);
        if let (true, Some(cap)) = (self.shared.unlisted_app, cap) {
            let cap = i64::from(cap);
            if request.page_size().is_none_or(|size| size > cap) {
                request.set_page_size(cap);
            }
        }
        stream::unfold(Some(request), move |next| {
            let client = client.clone();
            async move {
                let request = next?;
                match client.call(&request).await {
                    Ok(page) => {
                        let cursor = page
                            .next_cursor
                            .as_deref()
                            .or_else(|| M::next_cursor(&page.data));
                        let following = following(request, cursor);
                        Some((Ok(page), following))
                    }
                    Err(error) => Some((Err(error), None)),
                }
            }
        })
    }

    /// Every item of `request`'s list, page after page; an error ends the stream after it is
    /// yielded.
    pub fn items<M: Listed>(
        &self,
        request: M,
    ) -> impl Stream<Item = Result<M::Item, Error<M::Error>>> + Send + 'static
    where
        M::Response: Send,
        M::Warning: Send,
        M::Error: Send,
    {
        self.pages(request).flat_map(|page| {
            let items: Vec<Result<M::Item, Error<M::Error>>> = match page {
                Ok(mut page) => M::take_items(&mut page.data).into_iter().map(Ok).collect(),
                Err(error) => vec![Err(error)],
            };
            stream::iter(items)
        })
    }
}

/// The request for the page after the one `request` got, or `None` at the end. A cursor equal
/// to the one just sent would ask for the same page forever: that ends the walk too.
fn following<M: Paged>(mut request: M, next_cursor: Option<&str>) -> Option<M> {
    let cursor = next_cursor.filter(|cursor| !cursor.is_empty())?;
    if request.current_cursor() == Some(cursor) {
        tracing::warn!(
            method = M::NAME,
            "the next cursor is the one just sent; stopping"
        );
        return None;
    }
    request.set_cursor(cursor.to_owned());
    Some(request)
}
