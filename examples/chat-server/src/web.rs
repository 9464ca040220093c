//! The page at `/`: plain HTML and JavaScript with the socket.io client
//! (`web/`, no build step), compiled into the binary.
//!
//! A person pastes a token and signs in; the page opens one socket per
//! namespace, as the original front end did, pings on each, shows the
//! friends' presence as it changes, and lists, sends and answers offers,
//! each with its expiry in the viewer's own zone and a countdown.

use axum::http::header;
use axum::response::IntoResponse;

/// `GET /`.
pub async fn index() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        include_str!("../web/index.html"),
    )
}

/// `GET /app.js`: the page's script.
pub async fn app_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../web/app.js"),
    )
}

/// `GET /socket.io.min.js`: socket.io-client's browser build (4.8.4, MIT,
/// its license header kept), vendored from the npm package.
pub async fn socket_io_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../web/socket.io.min.js"),
    )
}
