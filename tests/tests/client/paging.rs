//! Paged lists against the mock Slack over real HTTP: every page, every item, a 429 in the
//! middle waited out, the page size sent, an early stop, and an error that ends the walk.

use std::pin::pin;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::json;
use slack_api_client::testing::{Answer, Fault, MockSlack};
use slack_api_client::{
    Error, Paged, api::ConversationsHistoryRequest, api::ConversationsListError,
    api::ConversationsListRequest,
};

use crate::support::*;

/// Three pages of two channels each: `C1`..`C6`.
fn channel_pages() -> Vec<Answer<ConversationsListRequest>> {
    (0..3)
        .map(|page| {
            let channels: Vec<_> = (1..=2)
                .map(|n| json!({"id": format!("C{}", page * 2 + n), "name": "general"}))
                .collect();
            Answer::ok_json(json!({"channels": channels})).expect("a page decodes")
        })
        .collect()
}

fn cursors(slack: &MockSlack) -> Vec<Option<String>> {
    slack
        .calls::<ConversationsListRequest>()
        .iter()
        .map(|call| call.argument("cursor").map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn three_pages_are_walked_with_a_429_on_the_second_waited_out() {
    let slack = MockSlack::start().await.unwrap();
    slack.stub_pages(channel_pages());
    let client = mock_client(&slack);
    let mut pages = pin!(client.pages(ConversationsListRequest::new().limit(2)));

    let first = pages
        .next()
        .await
        .expect("a first page")
        .expect("it succeeds");
    assert_eq!(first.next_cursor.as_deref(), Some("page:1"));
    // Slack refuses the next call once; the walk waits for Retry-After and asks again.
    slack.fail_next(
        1,
        Fault::RateLimited {
            retry_after: Duration::from_secs(1),
        },
    );
    let start = Instant::now();
    let second = pages
        .next()
        .await
        .expect("a second page")
        .expect("it succeeds");
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    let third = pages
        .next()
        .await
        .expect("a third page")
        .expect("it succeeds");
    assert_eq!(third.next_cursor, None, "the last page's cursor is empty");
    assert!(
        pages.next().await.is_none(),
        "the walk ends after the last page"
    );

    let ids: Vec<String> = [first, second, third]
        .iter()
        .flat_map(|page| page.data.channels.iter().map(|c| c.id.as_str().to_owned()))
        .collect();
    assert_eq!(ids, ["C1", "C2", "C3", "C4", "C5", "C6"]);
    // Four requests: the 429 one and its retry carry the same cursor; each the page size.
    assert_eq!(
        cursors(&slack),
        [
            None,
            Some("page:1".into()),
            Some("page:1".into()),
            Some("page:2".into())
        ]
    );
    let calls = slack.calls::<ConversationsListRequest>();
    assert!(calls.iter().all(|call| call.argument("limit") == Some("2")));
}

#[tokio::test]
async fn items_flow_across_pages_and_an_early_stop_fetches_no_more() {
    let slack = MockSlack::start().await.unwrap();
    slack.stub_pages(channel_pages());
    let client = mock_client(&slack);
    let all: Vec<String> = client
        .items(ConversationsListRequest::new())
        .map(|item| item.expect("an item").id.as_str().to_owned())
        .collect()
        .await;
    assert_eq!(all, ["C1", "C2", "C3", "C4", "C5", "C6"]);
    assert_eq!(cursors(&slack).len(), 3);

    let slack = MockSlack::start().await.unwrap();
    slack.stub_pages(channel_pages());
    let client = mock_client(&slack);
    let first_three: Vec<_> = client
        .items(ConversationsListRequest::new())
        .take(3)
        .collect()
        .await;
    assert_eq!(first_three.len(), 3);
    assert_eq!(
        cursors(&slack),
        [None, Some("page:1".into())],
        "two pages, not three"
    );
}

#[tokio::test]
async fn an_error_ends_the_walk_after_it_is_yielded() {
    let slack = MockSlack::start().await.unwrap();
    slack.stub_pages(channel_pages());
    let client = mock_client(&slack);
    // A cursor the mock never gave: Slack answers invalid_cursor.
    let outcomes: Vec<_> = client
        .items(ConversationsListRequest::new().cursor("stale"))
        .collect()
        .await;
    assert_eq!(outcomes.len(), 1, "{outcomes:?}");
    match &outcomes[0] {
        Err(Error::Api(api)) => assert_eq!(api.error, ConversationsListError::InvalidCursor),
        other => panic!("expected invalid_cursor, got {other:?}"),
    }
    assert_eq!(
        cursors(&slack),
        [Some("stale".into())],
        "nothing after the error"
    );
}

#[test]
fn every_paged_method_names_its_cursor() {
    // The spec's `pagination` reaches the generated code: history pages by `cursor` too.
    assert_eq!(<ConversationsHistoryRequest as Paged>::CURSOR, "cursor");
    let mut request = ConversationsHistoryRequest::new("C1");
    request.set_cursor("next".into());
    assert_eq!(request.current_cursor(), Some("next"));
}

/// admin.conversations.search sends its next cursor at the top level of the answer, not in
/// `response_metadata`: its spec names the member, and the walk follows it to the end.
#[tokio::test]
async fn a_cursor_sent_at_the_top_level_is_followed() {
    use slack_api_client::api::AdminConversationsSearchRequest;
    let slack = MockSlack::start().await.unwrap();
    for (ids, next) in [
        (["C1", "C2"], "c2"),
        (["C3", "C4"], "c3"),
        (["C5", "C6"], ""),
    ] {
        let conversations: Vec<_> = ids.iter().map(|id| json!({"id": id})).collect();
        let page = json!({"conversations": conversations, "next_cursor": next});
        slack.stub(
            Answer::<AdminConversationsSearchRequest>::ok_json(page)
                .expect("a page decodes")
                .times(1),
        );
    }
    let client = mock_client(&slack);
    let items: Vec<_> = client
        .items(AdminConversationsSearchRequest::new())
        .map(|item| item.expect("every page succeeds").id.to_string())
        .collect()
        .await;
    assert_eq!(items, ["C1", "C2", "C3", "C4", "C5", "C6"]);
    let sent: Vec<Option<String>> = slack
        .calls::<AdminConversationsSearchRequest>()
        .iter()
        .map(|call| call.argument("cursor").map(str::to_owned))
        .collect();
    assert_eq!(sent, [None, Some("c2".to_owned()), Some("c3".to_owned())]);
}

/// Three pages of conversations.history, two messages each.
fn history_pages() -> Vec<Answer<ConversationsHistoryRequest>> {
    (0..3)
        .map(|page| {
            let messages: Vec<_> = (1..=2)
                .map(|n| json!({"type": "message", "ts": format!("1700000000.00000{}", page * 2 + n)}))
                .collect();
            Answer::ok_json(json!({"messages": messages, "has_more": page < 2}))
                .expect("a page decodes")
        })
        .collect()
}

fn history_limits(slack: &MockSlack) -> Vec<Option<String>> {
    slack
        .calls::<ConversationsHistoryRequest>()
        .iter()
        .map(|call| call.argument("limit").map(str::to_owned))
        .collect()
}

/// Slack allows an app commercially distributed outside the Marketplace at most 15 messages a
/// page of conversations.history: a client that says it is one asks for no more on any page,
/// whatever the request asked for; one that does not sends the caller's page size.
#[tokio::test]
async fn an_app_outside_the_marketplace_asks_for_at_most_fifteen_items_a_page() {
    let slack = MockSlack::start().await.unwrap();
    slack.stub_pages(history_pages());
    let unlisted = mock_builder(&slack).unlisted_app(true).build().unwrap();
    let request = ConversationsHistoryRequest::new("C1").limit(100);
    let items: Vec<_> = unlisted.items(request.clone()).collect().await;
    assert_eq!(items.len(), 6, "every page is walked");
    assert_eq!(history_limits(&slack), vec![Some("15".to_owned()); 3]);

    // A smaller page size is kept, and no page size is asked for as 15.
    slack.stub_pages(history_pages());
    let small = ConversationsHistoryRequest::new("C1").limit(5);
    let _: Vec<_> = unlisted.items(small).collect().await;
    slack.stub_pages(history_pages());
    let _: Vec<_> = unlisted
        .items(ConversationsHistoryRequest::new("C1"))
        .collect()
        .await;
    let limits = history_limits(&slack);
    assert_eq!(limits[3..6], vec![Some("5".to_owned()); 3]);
    assert_eq!(limits[6..9], vec![Some("15".to_owned()); 3]);

    slack.stub_pages(history_pages());
    let listed = mock_client(&slack);
    let _: Vec<_> = listed.items(request).collect().await;
    assert_eq!(history_limits(&slack)[9..], vec![Some("100".to_owned()); 3]);
}

/// With the throttle on, such an app's conversations.history calls are paced at one a minute
/// (Tier 3, 50 a minute, for the others). Tokio's clock is paused; the mock stamps arrivals.
#[tokio::test(start_paused = true)]
async fn an_app_outside_the_marketplace_calls_history_once_a_minute() {
    let slack = MockSlack::start().await.unwrap();
    for (unlisted, spacing) in [
        (true, Duration::from_secs(60)),
        (false, Duration::from_millis(1_200)),
    ] {
        slack.stub_pages(history_pages());
        let client = mock_builder(&slack)
            .unlisted_app(unlisted)
            .throttle(slack_api_client::Throttle::by_tier())
            .timeout(Duration::from_secs(3600))
            .build()
            .unwrap();
        let before = slack.calls::<ConversationsHistoryRequest>().len();
        let _: Vec<_> = client
            .items(ConversationsHistoryRequest::new("C1"))
            .collect()
            .await;
        let calls = slack.calls::<ConversationsHistoryRequest>();
        let arrivals: Vec<_> = calls[before..].iter().map(|call| call.at).collect();
        assert_eq!(arrivals.len(), 3);
        for pair in arrivals.windows(2) {
            let gap = pair[1] - pair[0];
            assert!(
                gap >= spacing - Duration::from_millis(50) && gap < spacing * 2,
                "unlisted {unlisted}: {gap:?} between calls, expected about {spacing:?}"
            );
        }
    }
}

/// search.messages walks a cursor that starts at `*` and comes back inside `messages.paging`,
/// with the matches inside `messages`: the spec names both paths, and the walk follows them.
#[tokio::test]
async fn a_nested_cursor_walk_starts_at_a_star_and_follows_the_answer() {
    use slack_api_client::api::SearchMessagesRequest;
    let slack = MockSlack::start().await.unwrap();
    for (stamps, next) in [
        (["1.000001", "1.000002"], "n2"),
        (["1.000003", "1.000004"], ""),
    ] {
        let matches: Vec<_> = stamps
            .iter()
            .map(|ts| json!({"ts": ts, "text": "hi"}))
            .collect();
        let page = json!({"messages": {"matches": matches, "paging": {"next_cursor": next}}});
        slack.stub(
            Answer::<SearchMessagesRequest>::ok_json(page)
                .expect("a page decodes")
                .times(1),
        );
    }
    let client = mock_client(&slack);
    let found: Vec<String> = client
        .items(SearchMessagesRequest::new("hello"))
        .map(|item| item.expect("every page succeeds").ts.to_string())
        .collect()
        .await;
    assert_eq!(found, ["1.000001", "1.000002", "1.000003", "1.000004"]);
    let sent: Vec<Option<String>> = slack
        .calls::<SearchMessagesRequest>()
        .iter()
        .map(|call| call.argument("cursor").map(str::to_owned))
        .collect();
    assert_eq!(sent, [Some("*".to_owned()), Some("n2".to_owned())]);
}
