//! The HTML around every page: the layout (header, navigation, the one stylesheet and script
//! of the binary), and the small pages (messages, login). Every text put into HTML goes
//! through `escape`.

use axum::response::Html;
use hoso::backend::html::escape;

/// A whole page: title, optional breadcrumb links (label, href), body HTML.
pub fn layout(title: &str, crumbs: &[(String, String)], body: &str) -> Html<String> {
    let mut nav = String::from("<a href=\"/\">Hồ sơ chi bộ</a>");
    for (label, href) in crumbs {
        nav.push_str(&format!(
            " <span aria-hidden=\"true\">›</span> <a href=\"{}\">{}</a>",
            escape(href),
            escape(label)
        ));
    }
    Html(format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} – hoso</title><link rel=\"stylesheet\" href=\"/assets/app.css\">\
         <script src=\"/assets/app.js\" defer></script></head>\
         <body><header class=\"top\"><nav>{nav}</nav></header><main>{body}</main>\
         <footer>hoso · hồ sơ kiểm tra, giám sát của chi bộ</footer></body></html>",
        escape(title)
    ))
}

pub fn message_page(title: &str, text: &str) -> Html<String> {
    layout(
        title,
        &[],
        &format!(
            "<h1>{}</h1><p>{}</p><p><a href=\"/\">Về trang đầu</a></p>",
            escape(title),
            escape(text)
        ),
    )
}

pub fn login_page(remote: bool, message: Option<&str>) -> Html<String> {
    if !remote {
        return message_page(
            "Không cần đăng nhập",
            "Máy chủ chỉ mở cho máy này (127.0.0.1), không cần đăng nhập.",
        );
    }
    let msg = message
        .map(|m| format!("<p class=\"error\" role=\"alert\">{}</p>", escape(m)))
        .unwrap_or_default();
    layout(
        "Đăng nhập",
        &[],
        &format!(
            "<h1>Đăng nhập</h1>{msg}<form method=\"post\" action=\"/login\" class=\"card narrow\">\
             <div class=\"field\"><label for=\"name\">Tên tài khoản</label>\
             <input id=\"name\" name=\"name\" autocomplete=\"username\" required></div>\
             <div class=\"field\"><label for=\"password\">Mật khẩu</label>\
             <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></div>\
             <button type=\"submit\" class=\"primary\">Đăng nhập</button></form>"
        ),
    )
}

/// The hidden inputs every form carries: the CSRF token, and the version it was drawn from.
pub fn hidden(csrf: &str, version: Option<i64>) -> String {
    let mut s = format!(
        "<input type=\"hidden\" name=\"_csrf\" value=\"{}\">",
        escape(csrf)
    );
    if let Some(v) = version {
        s.push_str(&format!(
            "<input type=\"hidden\" name=\"_version\" value=\"{v}\">"
        ));
    }
    s
}

/// The Vietnamese name of a set.
pub fn set_name(set: &str) -> &'static str {
    match set {
        "kiem-tra" => "Kiểm tra đảng viên",
        "giam-sat" => "Giám sát chuyên đề",
        "nam" => "Kế hoạch kiểm tra, giám sát năm",
        _ => "Hồ sơ",
    }
}
