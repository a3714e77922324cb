#!/usr/bin/env python3
"""Writes a cells CSV of N synthetic cells (default 2,053, the reference province) for
`hoso batch`: varied Vietnamese names, places and members, deterministic (no randomness).

    python3 benches/make_cells.py 2053 > target/province.csv
"""
import csv, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2053
kinds = ["ấp", "khu phố", "tổ dân phố", "thôn", "Trường Tiểu học", "Trường THCS", "Trạm Y tế", "Công an xã"]
places = ["Tân Hòa", "Long Mỹ", "Đông Hòa", "Phú Lợi", "Bình Thạnh", "Hòa Khánh", "Mỹ Xuyên", "Quảng Điền",
          "Thạnh Phú", "Ea Kar", "Hương Sơn", "Nghĩa Đàn", "Yên Thế", "Cẩm Giàng", "Điện Biên", "Ô Môn"]
family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
middle = ["Văn", "Thị", "Minh", "Hữu", "Ngọc", "Thanh", "Đức", "Quốc"]
given = ["An", "Bình", "Cường", "Dung", "Đức", "Giang", "Hạnh", "Khoa", "Lan", "Minh", "Nga", "Oanh",
         "Phúc", "Quyên", "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến", "Ánh", "Ổn", "Ứng", "Ý"]

def person(i):
    return f"{family[i % len(family)]} {middle[(i // 3) % len(middle)]} {given[(i * 7) % len(given)]}"

w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["name", "superior", "place", "inspection_committee", "secretary", "deputy",
            "members", "total_members", "full_members", "probationary_members"])
for i in range(n):
    place = places[i % len(places)]
    unit = "xã" if i % 3 else "phường"
    kind = kinds[i % len(kinds)]
    name = f"Chi bộ {kind} {i // len(kinds) + 1}" if kind in ("ấp", "khu phố", "tổ dân phố", "thôn") else f"Chi bộ {kind} {place} {i // len(kinds) + 1}"
    total = 8 + i % 40
    prob = i % 4
    w.writerow([name, f"Đảng bộ {unit} {place}", place, f"Ủy ban Kiểm tra Đảng ủy {unit} {place}",
                person(i), person(i + 5) if i % 5 else "", "; ".join(person(i + k) for k in range(11, 11 + i % 4)),
                total, total - prob, prob])
