//! What several integration tests share: the strings issue 2 requires in KT-01.

/// KT-01 (the decision) must hold each of these exactly, in DOCX and PDF alike.
pub const KT01_KEYS: &[&str] = &[
    "ĐẢNG BỘ XÃ TÂN HÒA",
    "CHI BỘ ẤP TÂN PHÚ",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "Số 02-QĐ/CB",
    "Tân Hòa, ngày 03 tháng 8 năm 2026",
    "QUYẾT ĐỊNH",
    "Lê Văn Cường",
    "T/M CHI BỘ",
    "BÍ THƯ",
    "Nguyễn Văn An",
    "Nơi nhận:",
];
