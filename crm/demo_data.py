"""Static tables for the demo seed (manage.py seed_demo): provinces, customs units, coverage, segments, names.

Provinces carry their pre-July-2025 two-digit administrative codes; the mergers of Resolution 202/2025/QH15
(63 → 34 provinces, effective 1 July 2025) are recorded as valid_to 30/06/2025 and merged_into the survivor.
The enterprises, people and phone numbers generated from these tables are invented.
"""

from datetime import date

MERGER_LAST_DAY = date(2025, 6, 30)
REGIONS_START = date(2025, 3, 1)  # Decision 382/QĐ-BTC: the 20 regional branches start work
COVERAGE_382_END = date(2025, 6, 30)
COVERAGE_2019_START = date(2025, 7, 1)  # Decision 2019/QĐ-BTC, after the provincial mergers

# (code, name_vi, name_en, merged into code or None)
PROVINCES = [
    ("01", "Hà Nội", "Ha Noi", None),
    ("02", "Hà Giang", "Ha Giang", "08"),
    ("04", "Cao Bằng", "Cao Bang", None),
    ("06", "Bắc Kạn", "Bac Kan", "19"),
    ("08", "Tuyên Quang", "Tuyen Quang", None),
    ("10", "Lào Cai", "Lao Cai", None),
    ("11", "Điện Biên", "Dien Bien", None),
    ("12", "Lai Châu", "Lai Chau", None),
    ("14", "Sơn La", "Son La", None),
    ("15", "Yên Bái", "Yen Bai", "10"),
    ("17", "Hòa Bình", "Hoa Binh", "25"),
    ("19", "Thái Nguyên", "Thai Nguyen", None),
    ("20", "Lạng Sơn", "Lang Son", None),
    ("22", "Quảng Ninh", "Quang Ninh", None),
    ("24", "Bắc Giang", "Bac Giang", "27"),
    ("25", "Phú Thọ", "Phu Tho", None),
    ("26", "Vĩnh Phúc", "Vinh Phuc", "25"),
    ("27", "Bắc Ninh", "Bac Ninh", None),
    ("30", "Hải Dương", "Hai Duong", "31"),
    ("31", "Hải Phòng", "Hai Phong", None),
    ("33", "Hưng Yên", "Hung Yen", None),
    ("34", "Thái Bình", "Thai Binh", "33"),
    ("35", "Hà Nam", "Ha Nam", "37"),
    ("36", "Nam Định", "Nam Dinh", "37"),
    ("37", "Ninh Bình", "Ninh Binh", None),
    ("38", "Thanh Hóa", "Thanh Hoa", None),
    ("40", "Nghệ An", "Nghe An", None),
    ("42", "Hà Tĩnh", "Ha Tinh", None),
    ("44", "Quảng Bình", "Quang Binh", "45"),
    ("45", "Quảng Trị", "Quang Tri", None),
    ("46", "Huế", "Hue", None),
    ("48", "Đà Nẵng", "Da Nang", None),
    ("49", "Quảng Nam", "Quang Nam", "48"),
    ("51", "Quảng Ngãi", "Quang Ngai", None),
    ("52", "Bình Định", "Binh Dinh", "64"),
    ("54", "Phú Yên", "Phu Yen", "66"),
    ("56", "Khánh Hòa", "Khanh Hoa", None),
    ("58", "Ninh Thuận", "Ninh Thuan", "56"),
    ("60", "Bình Thuận", "Binh Thuan", "68"),
    ("62", "Kon Tum", "Kon Tum", "51"),
    ("64", "Gia Lai", "Gia Lai", None),
    ("66", "Đắk Lắk", "Dak Lak", None),
    ("67", "Đắk Nông", "Dak Nong", "68"),
    ("68", "Lâm Đồng", "Lam Dong", None),
    ("70", "Bình Phước", "Binh Phuoc", "75"),
    ("72", "Tây Ninh", "Tay Ninh", None),
    ("74", "Bình Dương", "Binh Duong", "79"),
    ("75", "Đồng Nai", "Dong Nai", None),
    ("77", "Bà Rịa – Vũng Tàu", "Ba Ria - Vung Tau", "79"),
    ("79", "TP Hồ Chí Minh", "Ho Chi Minh City", None),
    ("80", "Long An", "Long An", "72"),
    ("82", "Tiền Giang", "Tien Giang", "87"),
    ("83", "Bến Tre", "Ben Tre", "86"),
    ("84", "Trà Vinh", "Tra Vinh", "86"),
    ("86", "Vĩnh Long", "Vinh Long", None),
    ("87", "Đồng Tháp", "Dong Thap", None),
    ("89", "An Giang", "An Giang", None),
    ("91", "Kiên Giang", "Kien Giang", "89"),
    ("92", "Cần Thơ", "Can Tho", None),
    ("93", "Hậu Giang", "Hau Giang", "92"),
    ("94", "Sóc Trăng", "Soc Trang", "92"),
    ("95", "Bạc Liêu", "Bac Lieu", "96"),
    ("96", "Cà Mau", "Ca Mau", None),
]

DEPARTMENT = {"code": "CHQ", "name_vi": "Cục Hải quan", "name_en": "Customs Department", "short_name": "CHQ"}

ROMAN = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
    "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
]  # fmt: skip

# Region number → (head-office province code, province codes covered under Decision 382/QĐ-BTC, 01/03–30/06/2025).
# Where the table in the brief named no head office, the first province is used (XV: Bà Rịa – Vũng Tàu, the port).
REGIONS_382 = {
    1: ("01", ["01", "26", "25", "17", "15"]),
    2: ("79", ["79"]),
    3: ("31", ["31", "34"]),
    4: ("33", ["33", "30", "35", "36"]),
    5: ("27", ["27", "24", "08", "19", "06"]),
    6: ("20", ["20", "04"]),
    7: ("10", ["02", "10", "11", "12", "14"]),
    8: ("22", ["22"]),
    9: ("44", ["44", "45", "46"]),
    10: ("38", ["38", "37"]),
    11: ("42", ["40", "42"]),
    12: ("48", ["48", "49", "51"]),
    13: ("56", ["56", "58", "52", "54"]),
    14: ("66", ["64", "62", "66", "67", "68"]),
    15: ("77", ["60", "77"]),
    16: ("74", ["74", "70", "72"]),
    17: ("80", ["80", "83", "82"]),
    18: ("75", ["75"]),
    19: ("92", ["92", "96", "93", "86", "84", "94", "95"]),
    20: ("87", ["87", "89", "91"]),
}

# Decision 2019/QĐ-BTC (from 01/07/2025, open-ended): the assignments known for certain; every other region keeps
# the provinces of its 382 list that survived the mergers, noted as still to be confirmed.
LEGAL_BASIS_382 = "Quyết định 382/QĐ-BTC"
LEGAL_BASIS_2019 = "Quyết định 2019/QĐ-BTC"
REGIONS_2019_KNOWN = {
    5: (["27", "19"], ""),
    6: (["20"], ""),
    16: (["04", "08"], ""),
    15: (["79"], "airports and express cargo"),
}
NOTE_TO_CONFIRM = "to confirm against Decision 2019/QĐ-BTC"

# Offices and teams: (code, parent region number, kind, name_vi, name_en)
OFFICES = [
    ("KV05-BN", 5, "office", "Hải quan Bắc Ninh", "Bac Ninh Customs Office"),
    ("KV05-YP", 5, "office", "Hải quan Yên Phong", "Yen Phong Customs Office"),
    ("KV05-TN", 5, "office", "Hải quan Thái Nguyên", "Thai Nguyen Customs Office"),
    ("KV05-KS", 5, "team", "Đội Kiểm soát Hải quan", "Customs Enforcement Team"),
    ("KV06-HN", 6, "office", "Hải quan cửa khẩu quốc tế Hữu Nghị", "Huu Nghi International Border Gate Customs"),
    ("KV06-TT", 6, "office", "Hải quan cửa khẩu Tân Thanh", "Tan Thanh Border Gate Customs"),
    ("KV06-DD", 6, "office", "Hải quan ga Đồng Đăng", "Dong Dang Railway Station Customs"),
    ("KV08-HG", 8, "office", "Hải quan cảng Hòn Gai", "Hon Gai Port Customs"),
    ("KV08-MC", 8, "office", "Hải quan Móng Cái", "Mong Cai Customs"),
]

# (code, name_vi, name_en, typical type codes)
SEGMENTS = [
    ("processing", "Gia công – SXXK", "Processing and export production", ["E21", "E31", "E52", "E62"]),
    ("export-processing", "Chế xuất", "Export-processing enterprises", ["E11", "E15", "E42"]),
    ("trading", "Kinh doanh thương mại", "Commercial trading", ["A11", "A12", "B11"]),
    ("logistics", "Logistics – đại lý", "Logistics and customs brokers", []),
    ("temporary-import", "Tạm nhập tái xuất", "Temporary import for re-export", ["G11", "G21"]),
    ("border-trade", "Biên mậu – cửa khẩu", "Border trade", []),
]

# (name_vi, name_en, short_name, province code or None, website)
ASSOCIATIONS = [
    (
        "Phòng Thương mại và Công nghiệp Việt Nam – Chi nhánh Bắc Ninh",
        "VCCI Bac Ninh branch",
        "VCCI Bắc Ninh",
        "27",
        "",
    ),
    ("Hiệp hội Doanh nghiệp Hàn Quốc tại Việt Nam", "Korean Chamber of Business in Vietnam", "KoCham", None, ""),
    (
        "Hiệp hội Doanh nghiệp Nhật Bản tại Việt Nam",
        "Japanese Chamber of Commerce and Industry in Vietnam",
        "JCCI",
        None,
        "",
    ),
    ("Phòng Thương mại Châu Âu tại Việt Nam", "European Chamber of Commerce in Vietnam", "EuroCham", None, ""),
    ("Phòng Thương mại Hoa Kỳ tại Việt Nam", "American Chamber of Commerce in Vietnam", "AmCham", None, ""),
    ("Hiệp hội Doanh nghiệp tỉnh Bắc Ninh", "Bac Ninh Business Association", "HHDN Bắc Ninh", "27", ""),
    ("Hiệp hội Doanh nghiệp tỉnh Lạng Sơn", "Lang Son Business Association", "HHDN Lạng Sơn", "20", ""),
    ("Hiệp hội Doanh nghiệp dịch vụ Logistics Việt Nam", "Vietnam Logistics Business Association", "VLA", None, ""),
]

# Logins created by the seed (password DEMO_PASSWORD): staff (username, branch code, role, full name, title).
DEMO_PASSWORD = "demo12345"
STAFF = [
    ("hq_admin", "CHQ", "hq_admin", "Quản trị Cục Hải quan", "Quản trị hệ thống"),
    ("r5_manager", "KV05", "manager", "Nguyễn Thị Thu Hà", "Phó Chi cục trưởng"),
    ("r5_officer", "KV05", "officer", "Trần Văn Dũng", "Công chức"),
    ("r6_officer", "KV06", "officer", "Hoàng Minh Tuấn", "Công chức"),
]
# Portal users: (username, tax code of their enterprise, full name)
PORTAL = [
    ("ent_a", "2352601817", "Park Ji-hoon"),
    ("ent_b", "2359083018", "Lê Thị Mai"),
]

# Fixed enterprises the documentation and tests refer to.
# (tax code, branch code, profile, name_vi, name_foreign, short_name, ownership, country, extra fields)
FIXED_ENTERPRISES = [
    (
        "2352601817",
        "KV05-YP",
        "fdi_electronics",
        "Công ty TNHH Điện tử Hanwon Việt Nam",
        "Hanwon Electronics Vietnam Co., Ltd",
        "Hanwon Vina",
        "fdi_100",
        "KR",
        {
            "is_export_processing": True,
            "industrial_park": "KCN Yên Phong",
            "aeo_status": "recognised",
            "aeo_decision": "1234/QĐ-TCHQ",
            "aeo_decision_date": date(2023, 5, 12),
            "compliance_level": 1,
            "province": "27",
        },
    ),
    (
        "2359083018",
        "KV05-BN",
        "fdi_electronics",
        "Công ty TNHH Quang học Hoshino Việt Nam",
        "Hoshino Optics Vietnam Co., Ltd",
        "Hoshino Optics",
        "fdi_100",
        "JP",
        {
            "industrial_park": "KCN VSIP Bắc Ninh",
            "aeo_status": "recognised",
            "aeo_decision": "2087/QĐ-TCHQ",
            "aeo_decision_date": date(2022, 8, 3),
            "compliance_level": 1,
            "province": "27",
        },
    ),
    (
        "2366131865",
        "KV05",
        "garment",
        "Công ty Cổ phần May Kinh Bắc",
        "",
        "May Kinh Bắc",
        "domestic",
        "",
        {"industrial_park": "KCN Quế Võ", "compliance_level": 2, "province": "27"},
    ),
    (
        "2496030829",
        "KV05",
        "fdi_solar",
        "Công ty TNHH Năng lượng mặt trời Longsheng Việt Nam",
        "Longsheng Solar Vietnam Co., Ltd",
        "Longsheng Solar",
        "fdi_100",
        "CN",
        {"is_export_processing": True, "industrial_park": "KCN Quang Châu", "compliance_level": 3, "province": "24"},
    ),
    (
        "4646281948",
        "KV05-TN",
        "trader",
        "Công ty TNHH Thương mại Thép Thái Nguyên Phát",
        "",
        "Thép TN Phát",
        "domestic",
        "",
        {"compliance_level": 3, "province": "19"},
    ),
    (
        "4982199351",
        "KV06-TT",
        "border_agri",
        "Công ty Cổ phần Xuất nhập khẩu Nông sản Xứ Lạng",
        "Xu Lang Agricultural Import Export JSC",
        "Nông sản Xứ Lạng",
        "domestic",
        "",
        {"compliance_level": 2, "province": "20"},
    ),
    (
        "5718190934",
        "KV08-HG",
        "coal_logistics",
        "Công ty Cổ phần Than và Logistics Hòn Gai",
        "Hon Gai Coal and Logistics JSC",
        "Than Hòn Gai",
        "state",
        "",
        {"compliance_level": 2, "province": "22"},
    ),
    (
        "0178657972",
        "KV01",
        "broker",
        "Công ty TNHH Đại lý Hải quan Thăng Long",
        "Thang Long Customs Brokerage Co., Ltd",
        "Đại lý HQ Thăng Long",
        "domestic",
        "",
        {"compliance_level": 2, "province": "01"},
    ),
    (
        "0354323199",
        "KV02",
        "express",
        "Công ty Cổ phần Chuyển phát nhanh Sài Gòn Express",
        "Saigon Express JSC",
        "SG Express",
        "domestic",
        "",
        {"compliance_level": 3, "province": "79"},
    ),
    (
        "2348757498",
        "KV05-BN",
        "fdi_electronics",
        "Công ty TNHH Linh kiện Điện tử Seojin Việt Nam",
        "Seojin Electronic Components Vietnam Co., Ltd",
        "Seojin Vina",
        "fdi_100",
        "KR",
        {
            "industrial_park": "KCN Tiên Sơn",
            "aeo_status": "recognised",
            "aeo_decision": "3150/QĐ-TCHQ",
            "aeo_decision_date": date(2024, 11, 20),
            "compliance_level": 1,
            "province": "27",
        },
    ),
]
# Dependent unit: (enterprise tax code, unit tax code, name, kind, province code, address)
FIXED_UNITS = [
    (
        "2348757498",
        "2348757498-001",
        "Chi nhánh Công ty TNHH Linh kiện Điện tử Seojin Việt Nam tại Thái Nguyên",
        "branch",
        "19",
        "Lô CN-05, KCN Yên Bình, Phổ Yên, Thái Nguyên",
    ),
]

# Generated enterprises: how many of each profile in each place.
# (profile, count, tax prefix, province code, branch codes to spread over, industrial parks)
ENTERPRISE_PLAN = [
    (
        "fdi_electronics",
        70,
        "23",
        "27",
        ["KV05-YP", "KV05-BN", "KV05"],
        ["KCN Yên Phong", "KCN VSIP Bắc Ninh", "KCN Quế Võ", "KCN Tiên Sơn"],
    ),
    ("fdi_electronics", 25, "46", "19", ["KV05-TN"], ["KCN Yên Bình", "KCN Điềm Thụy", "KCN Sông Công"]),
    ("fdi_electronics", 15, "24", "24", ["KV05"], ["KCN Quang Châu", "KCN Vân Trung", "KCN Đình Trám"]),
    ("garment", 25, "23", "27", ["KV05-BN", "KV05"], ["KCN Quế Võ", "KCN Thuận Thành", ""]),
    ("trader", 20, "23", "27", ["KV05-BN", "KV05"], [""]),
    ("trader", 12, "46", "19", ["KV05-TN"], [""]),
    ("fdi_solar", 5, "24", "24", ["KV05"], ["KCN Quang Châu", "KCN Vân Trung"]),
    ("border_agri", 45, "49", "20", ["KV06-HN", "KV06-TT", "KV06-DD", "KV06"], [""]),
    ("border_agri", 8, "48", "04", ["KV06"], [""]),
    ("logistics", 10, "49", "20", ["KV06-HN", "KV06-DD"], [""]),
    ("coal_logistics", 15, "57", "22", ["KV08-HG", "KV08"], [""]),
    ("logistics", 12, "57", "22", ["KV08-MC", "KV08-HG"], ["KCN Cái Lân", ""]),
    ("trader", 6, "57", "22", ["KV08-MC"], [""]),
    ("broker", 8, "01", "01", ["KV01"], [""]),
    ("express", 6, "03", "79", ["KV02"], [""]),
    ("logistics", 6, "02", "31", ["KV03"], ["KCN Đình Vũ", ""]),
    ("garment", 4, "02", "31", ["KV03"], [""]),
]

# What each profile looks like: ownership choices, type codes, segments, associations it may join.
PROFILES = {
    "fdi_electronics": {
        "type_codes": ["E31", "E62", "A12", "G12", "G22"],
        "epe_type_codes": ["E11", "E13", "E15", "E42"],
        "segments": ["processing"],
        "epe_segments": ["export-processing"],
    },
    "fdi_solar": {
        "type_codes": ["E11", "E13", "E42", "G12"],
        "epe_type_codes": ["E11", "E13", "E42"],
        "segments": ["export-processing"],
        "epe_segments": ["export-processing"],
    },
    "garment": {"type_codes": ["E21", "E52", "E31", "E62"], "segments": ["processing"]},
    "trader": {"type_codes": ["A11", "A12", "B11"], "segments": ["trading"]},
    "border_agri": {"type_codes": ["B11", "A11", "G11", "G21"], "segments": ["border-trade", "temporary-import"]},
    "logistics": {"type_codes": ["C11", "C12", "G11", "G21"], "segments": ["logistics", "temporary-import"]},
    "coal_logistics": {"type_codes": ["B11", "A12", "C11", "C12"], "segments": ["trading", "logistics"]},
    "broker": {"type_codes": ["A11", "B11"], "segments": ["logistics"]},
    "express": {"type_codes": ["A11", "B11", "H11", "H21"], "segments": ["logistics"]},
}

# Name parts for invented enterprises.
KR_BRANDS = [
    "Daesung", "Myungjin", "Hansol", "Shinwoo", "Jinwoo", "Sungwoo", "Dongyang", "Kyungil", "Haesung", "Bumjin",
    "Woosung", "Samhwa", "Taeyang", "Hyunjin", "Seongkwang", "Gwangmyeong", "Yoojin", "Daehan", "Mirae", "Hanbit",
    "Saebyeok", "Jungwon", "Inseong", "Chungho", "Boram",
]  # fmt: skip
JP_BRANDS = [
    "Kawanishi", "Minato", "Yamabiko", "Sakuragi", "Tsukino", "Aoyama", "Kanemoto", "Hoshizora", "Shiraume",
    "Takanawa", "Morikawa", "Asahina",
]  # fmt: skip
CN_BRANDS = ["Jinhua", "Hengtai", "Xinyuan", "Ruifeng", "Tianhe", "Huaxin", "Jiayu", "Zhongda", "Baosheng"]
TW_BRANDS = ["Hongtai", "Fuyu", "Chiahsin", "Yungfeng", "Tachung", "Kuanghua"]
# (name_vi word, name_en word)
ELECTRONICS_PRODUCTS = [
    ("Điện tử", "Electronics"),
    ("Linh kiện Điện tử", "Electronic Components"),
    ("Công nghệ", "Technology"),
    ("Quang học", "Optics"),
    ("Cơ khí Chính xác", "Precision Engineering"),
    ("Bao bì", "Packaging"),
    ("Nhựa Kỹ thuật", "Engineering Plastics"),
    ("Mạch in", "Printed Circuits"),
    ("Màn hình", "Display"),
]
SOLAR_PRODUCTS = [("Năng lượng mặt trời", "Solar"), ("Quang điện", "Photovoltaic"), ("Vật liệu mới", "New Materials")]
VN_NAMES = [
    "Minh Phát", "Thành Công", "Hưng Thịnh", "An Phú", "Việt Hưng", "Đại Dương", "Phúc An", "Hoàng Long", "Tân Tiến",
    "Kinh Bắc", "Thuận Thành", "Hồng Hà", "Nam Phong", "Trường Sơn", "Bảo Minh", "Quang Vinh", "Đông Đô", "Hải Âu",
    "Sao Mai", "Thịnh Vượng", "Ánh Dương", "Đức Thành", "Phú Gia", "Kim Ngân", "Tiến Đạt", "Lộc Phát", "Hợp Nhất",
    "Toàn Cầu", "Đồng Tiến", "Vạn Xuân", "Bắc Hà", "Xứ Lạng", "Mẫu Sơn", "Kỳ Lừa", "Hạ Long", "Bãi Cháy", "Cẩm Phả",
    "Vân Đồn", "Trà Cổ", "Tây Hồ", "Sông Hồng", "Chi Lăng",
]  # fmt: skip
# Domestic profile → (name_vi stems, name_en stems)
DOMESTIC_STEMS = {
    "garment": [
        ("May mặc", "Garment"),
        ("May", "Garment"),
        ("Dệt may", "Textile and Garment"),
        ("Da giày", "Footwear"),
    ],
    "trader": [
        ("Thương mại và Dịch vụ", "Trading and Services"),
        ("Xuất nhập khẩu", "Import Export"),
        ("Thương mại Thép", "Steel Trading"),
        ("Vật tư Thiết bị", "Materials and Equipment"),
    ],
    "border_agri": [
        ("Xuất nhập khẩu Nông sản", "Agricultural Import Export"),
        ("Trái cây", "Fruit"),
        ("Thương mại Biên mậu", "Border Trading"),
        ("Nông sản Thực phẩm", "Agri-Food"),
    ],
    "logistics": [
        ("Logistics", "Logistics"),
        ("Vận tải và Giao nhận", "Transport and Forwarding"),
        ("Kho vận", "Warehousing"),
    ],
    "coal_logistics": [("Than", "Coal"), ("Vận tải biển", "Shipping"), ("Cảng và Logistics", "Port and Logistics")],
    "broker": [("Đại lý Hải quan", "Customs Brokerage"), ("Dịch vụ Thủ tục Hải quan", "Customs Services")],
    "express": [("Chuyển phát nhanh", "Express Delivery"), ("Bưu chính Quốc tế", "International Post")],
}

PROVINCE_ADDRESS = {
    "27": ["Từ Sơn", "Yên Phong", "Quế Võ", "Tiên Du", "Thuận Thành", "TP Bắc Ninh"],
    "19": ["Phổ Yên", "Sông Công", "TP Thái Nguyên"],
    "24": ["Việt Yên", "Yên Dũng", "TP Bắc Giang"],
    "20": ["TP Lạng Sơn", "Đồng Đăng", "Cao Lộc", "Văn Lãng"],
    "04": ["TP Cao Bằng", "Trà Lĩnh"],
    "22": ["Hạ Long", "Móng Cái", "Cẩm Phả", "Quảng Yên"],
    "01": ["Cầu Giấy", "Long Biên", "Hoàng Mai", "Đống Đa"],
    "79": ["Tân Bình", "Quận 7", "Thủ Đức"],
    "31": ["Hải An", "Ngô Quyền", "Đình Vũ"],
}
STREETS = ["Lý Thái Tổ", "Trần Hưng Đạo", "Nguyễn Trãi", "Lê Lợi", "Hùng Vương", "Ngô Gia Tự", "Quang Trung"]

# Contact names: family names, middle names and given names (Vietnamese), and a few Korean / Japanese people.
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE_NAMES = ["Văn", "Thị", "Đức", "Minh", "Thu", "Hồng", "Quang", "Ngọc", "Thanh", "Hữu"]
GIVEN_NAMES = [
    "An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hương", "Lan", "Linh", "Long", "Mai", "Nam", "Phương", "Quân",
    "Thảo", "Trang", "Tuấn", "Việt", "Yến", "Sơn", "Hằng", "Khánh",
]  # fmt: skip
KOREAN_PEOPLE = ["Kim Min-jun", "Lee Seo-yeon", "Park Ji-hoon", "Choi Yoon-ah", "Jung Dong-hyun", "Kang Hye-jin"]
JAPANESE_PEOPLE = ["Tanaka Hiroshi", "Suzuki Yuki", "Watanabe Kenji", "Ito Akiko", "Sato Takumi"]
CHINESE_PEOPLE = ["Wang Jian", "Li Na", "Zhang Wei", "Chen Hao"]
POSITIONS = ["Giám đốc", "Kế toán trưởng", "Trưởng phòng XNK", "Nhân viên khai báo"]
