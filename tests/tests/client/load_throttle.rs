//! Throttle under concurrency (issue 10, item 3): with `Throttle::by_tier()`, 200 concurrent calls
//! of a Tier 2 method (admin.conversations.setTeams, 20 a minute) across clones of one client
//! never exceed the tier's rate, and two workspaces' calls are throttled apart. Tokio's clock is
//! paused, so ten minutes of throttling take a moment; the mock stamps arrivals on that clock.

use std::time::Duration;

use slack_api_client::testing::{MockSlack, Received};
use slack_api_client::{
    Client, Method, RateTier, Throttle, api::AdminConversationsSetTeamsRequest,
};
use tokio::task::JoinSet;
use tokio::time::Instant;

type SetTeams = AdminConversationsSetTeamsRequest;

/// The tier's spacing between two calls of one budget: a minute over 20 calls.
const SPACING: Duration = Duration::from_secs(3);

fn throttled_client(slack: &MockSlack, token: &str) -> Client {
    Client::builder(token)
        .base_url(slack.base_url())
        .throttle(Throttle::by_tier())
        // Virtual minutes pass while calls wait their turn; no attempt should time out for it.
        .timeout(Duration::from_secs(3600))
        .build()
        .unwrap()
}

/// Runs `calls` setTeams calls at once, each through its own clone of one of `clients` in turn.
async fn call_at_once(clients: &[Client], calls: usize) {
    let mut tasks = JoinSet::new();
    for index in 0..calls {
        let client = clients[index % clients.len()].clone();
        tasks.spawn(async move {
            let request = SetTeams::new(format!("C{index}"));
            client.api().admin_conversations_set_teams(request).await
        });
    }
    while let Some(joined) = tasks.join_next().await {
        joined
            .expect("no task panics")
            .expect("every call succeeds");
    }
}

/// The arrival times of the calls made with `token`, in order.
fn arrivals(received: &[Received], token: &str) -> Vec<Instant> {
    let mut times: Vec<Instant> = received
        .iter()
        .filter(|call| call.token() == Some(token))
        .map(|call| call.at)
        .collect();
    times.sort();
    times
}

/// No minute holds more calls than the tier allows, and no two calls come closer than its
/// spacing (the default throttle has no burst).
fn assert_within_tier(times: &[Instant]) {
    let per_minute = RateTier::Tier2.calls_per_minute() as usize;
    for (index, start) in times.iter().enumerate() {
        let in_minute = times[index..]
            .iter()
            .take_while(|at| at.duration_since(*start) < Duration::from_secs(60))
            .count();
        assert!(
            in_minute <= per_minute,
            "{in_minute} calls in the minute from call {index}"
        );
    }
    for pair in times.windows(2) {
        let gap = pair[1].duration_since(pair[0]);
        assert!(gap >= SPACING, "two calls {gap:?} apart");
    }
}

#[tokio::test(start_paused = true)]
async fn two_hundred_tier_2_calls_across_clones_keep_to_the_tier() {
    assert_eq!(SetTeams::RATE_TIER, Some(RateTier::Tier2));
    let slack = MockSlack::start().await.unwrap();
    let client = throttled_client(&slack, "xoxb-one");
    let clones: Vec<Client> = (0..10).map(|_| client.clone()).collect();
    let start = Instant::now();
    call_at_once(&clones, 200).await;
    let times = arrivals(&slack.received(), "xoxb-one");
    assert_eq!(times.len(), 200);
    assert_within_tier(&times);
    // Not slower than the tier either: 199 spacings, give or take a second of scheduling.
    let span = start.elapsed();
    println!("throttle: 200 Tier 2 calls over {span:?} of paused-clock time");
    assert!(span < SPACING * 199 + Duration::from_secs(1), "{span:?}");
}

#[tokio::test(start_paused = true)]
async fn two_workspaces_are_throttled_apart() {
    let slack = MockSlack::start().await.unwrap();
    let first = throttled_client(&slack, "xoxb-first");
    let second = first.with_token("xoxb-second").unwrap();
    let start = Instant::now();
    call_at_once(&[first, second], 80).await;
    let received = slack.received();
    for token in ["xoxb-first", "xoxb-second"] {
        let times = arrivals(&received, token);
        assert_eq!(times.len(), 40, "{token}");
        assert_within_tier(&times);
    }
    // Each workspace has its own budget: 80 calls take as long as 40 of one, not twice as long.
    let span = start.elapsed();
    assert!(span < SPACING * 40, "{span:?}");
}
