//! The HTTP side, pure: the endpoint and its URLs, what an answer means, when to try again,
//! and the client's errors. The fetch itself is the binding's (`crate::wasm::client`).
pub mod answer;
pub mod endpoint;
pub mod error;
pub mod retry;
