//! The first calls every Slack app makes, as the README's "First calls" shows them: check the
//! token, list every channel page by page, read a channel's history and a thread's replies, post
//! a message and update it, look up a user.
//!
//! ```sh
//! SLACK_TOKEN=xoxb-... SLACK_CHANNEL=C0123ABC cargo run --example first_calls
//! ```
//!
//! `SLACK_API_URL` points it at another server (the tests run it against the mock Slack).

use futures_util::StreamExt;
use slack_api_client::{
    Client, api::AuthTestRequest, api::ChatPostMessageRequest, api::ChatUpdateRequest,
    api::ConversationType, api::ConversationsHistoryRequest, api::ConversationsListRequest,
    api::ConversationsRepliesRequest, api::UsersInfoRequest,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("SLACK_TOKEN")?;
    let channel = std::env::var("SLACK_CHANNEL")?;
    let client = match std::env::var("SLACK_API_URL") {
        Ok(url) => Client::builder(token).base_url(url).build()?,
        Err(_) => Client::new(token)?,
    };

    // Check the token: who is calling, in which workspace.
    let me = client.api().auth_test(AuthTestRequest::new()).await?;
    println!("token of {:?} in {:?}", me.data.user_id, me.data.team);

    // Every channel, item by item; the pages are fetched as the loop goes.
    let channels = ConversationsListRequest::new()
        .types([
            ConversationType::PublicChannel,
            ConversationType::PrivateChannel,
        ])
        .limit(200);
    let mut channels = std::pin::pin!(client.items(channels));
    while let Some(channel) = channels.next().await {
        let channel = channel?;
        println!("channel {} {:?}", channel.id.as_str(), channel.name);
    }

    // A channel's latest messages, and the replies of each thread among them.
    let history = ConversationsHistoryRequest::new(channel.as_str()).limit(20);
    let history = client.api().conversations_history(history).await?;
    for message in &history.data.messages {
        println!("message {} {:?}", message.ts.as_str(), message.text);
        if message.reply_count.unwrap_or(0) > 0 {
            let thread = ConversationsRepliesRequest::new(channel.as_str(), message.ts.clone());
            let replies = client.api().conversations_replies(thread).await?;
            println!(
                "  {} replies",
                replies.data.messages.len().saturating_sub(1)
            );
        }
    }

    // Post a message, then change its text; its timestamp names it.
    let post = ChatPostMessageRequest::new(channel.as_str()).text("Hello from Rust");
    let posted = client.api().chat_post_message(post).await?;
    let edit = ChatUpdateRequest::new(posted.data.channel, posted.data.ts).text("Hello again");
    let updated = client.api().chat_update(edit).await?;
    println!("updated {}", updated.data.ts.as_str());

    // Look up the user who wrote the first message.
    if let Some(author) = history.data.messages.iter().find_map(|m| m.user.clone()) {
        let user = client
            .api()
            .users_info(UsersInfoRequest::new(author))
            .await?;
        if let Some(user) = user.data.user {
            let email = user.profile.and_then(|profile| profile.email);
            println!("user {} {:?} {:?}", user.name, user.real_name, email);
        }
    }
    Ok(())
}
