//! `response::interpret(status, content_type, body)` on arbitrary answers.
#![no_main]
use convocore_leads::http::error::ErrorKind;
use convocore_leads::http::answer::interpret;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, Option<&str>, &str)| {
    let (status, content_type, body) = input;
    match interpret(status, content_type, body) {
        Ok(_) => assert!((200..300).contains(&status)),
        Err(e) => {
            assert!(matches!(e.kind, ErrorKind::Http | ErrorKind::Response));
            // A summary of the body, never the body itself at any size.
            assert!(e.message.len() <= 4096 + 256, "message of {} bytes", e.message.len());
        }
    }
});
