"""Demo questions and answers (manage.py seed_demo, through dialogues.demo_data.seed_dialogues): the register of
legal documents answers cite, the deadline policies, and about 3,000 questions of the last 18 months received by
Region V (and some by Region VI) in every category, channel and state, with their answers, legal basis, timeline and
ratings. The enterprise behind the demo portal login `ent_a` gets a fixed set of questions in the states the portal
shows.

Thousands of questions through the services would take minutes, so the rows are bulk-inserted with the values the
services would have written (the same deadline arithmetic with one crm.workdays.Calendar, references numbered per year
after QuestionSequence.last, which is moved on so new questions continue the sequence). Every question gets a
planned life (triage, assignment, a request for information, drafting, approval, escalation, reopening, merging,
answering from the bank, closing, rating) spread over Vietnamese working days; only the steps that fall before `now`
happen, so recent questions are open and old ones closed.

Deterministic (random.Random(5), dates counted from `now`) and idempotent: legal documents are found by number and
policies by category and priority; the questions are loaded only into a database that has no question outside a
conference yet. The wording is our own paraphrase of typical questions; enterprises and people are invented.
"""

import random
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from crm.models import Branch, Contact, Enterprise, EnterpriseStatus, PortalMembership, User
from crm.workdays import Calendar
from dialogues.models import (
    Answer,
    AnswerKind,
    AnswerSource,
    AnswerStatus,
    Citation,
    DeadlinePolicy,
    EscalationLevel,
    EventKind,
    LegalDocument,
    LegalDocumentStatus,
    LegalDocumentType,
    Question,
    QuestionCategory,
    QuestionChannel,
    QuestionEvent,
    QuestionPriority,
    QuestionSequence,
    QuestionStatus,
    Rating,
)
from dialogues.services import legal as legal_services

S = QuestionStatus
C = QuestionCategory
CH = QuestionChannel
QUESTION_COUNT = 3000
MONTHS = 18
PORTAL_TAX_CODE = "2352601817"  # ent_a's enterprise (Hanwon Electronics Vietnam, Region V)

# Legal documents ------------------------------------------------------------------------------------------------
# (number, type, title, issuer, issued on, effective from, amended or replaced by, status). Amending documents come
# first so that the documents they amend can point at them.
LAW, DECREE, CIRCULAR, DECISION = (
    LegalDocumentType.LAW,
    LegalDocumentType.DECREE,
    LegalDocumentType.CIRCULAR,
    LegalDocumentType.DECISION,
)
QH, CP, BTC, TCHQ = "Quốc hội", "Chính phủ", "Bộ Tài chính", "Tổng cục Hải quan"
LEGAL_DOCUMENTS = [
    ("54/2014/QH13", LAW, "Luật Hải quan", QH, date(2014, 6, 23), date(2015, 1, 1), None, None),
    (
        "107/2016/QH13",
        LAW,
        "Luật Thuế xuất khẩu, thuế nhập khẩu",
        QH,
        date(2016, 4, 6),
        date(2016, 9, 1),
        None,
        None,
    ),
    ("05/2017/QH14", LAW, "Luật Quản lý ngoại thương", QH, date(2017, 6, 12), date(2018, 1, 1), None, None),
    ("38/2019/QH14", LAW, "Luật Quản lý thuế", QH, date(2019, 6, 13), date(2020, 7, 1), None, None),
    (
        "59/2018/NĐ-CP",
        DECREE,
        "Sửa đổi, bổ sung một số điều của Nghị định số 08/2015/NĐ-CP quy định chi tiết và biện pháp thi hành Luật "
        "Hải quan về thủ tục hải quan, kiểm tra, giám sát, kiểm soát hải quan",
        CP,
        date(2018, 4, 20),
        date(2018, 6, 5),
        None,
        None,
    ),
    (
        "08/2015/NĐ-CP",
        DECREE,
        "Quy định chi tiết và biện pháp thi hành Luật Hải quan về thủ tục hải quan, kiểm tra, giám sát, kiểm soát "
        "hải quan",
        CP,
        date(2015, 1, 21),
        date(2015, 3, 15),
        "59/2018/NĐ-CP",
        None,
    ),
    (
        "18/2021/NĐ-CP",
        DECREE,
        "Sửa đổi, bổ sung một số điều của Nghị định số 134/2016/NĐ-CP quy định chi tiết một số điều và biện pháp thi "
        "hành Luật Thuế xuất khẩu, thuế nhập khẩu",
        CP,
        date(2021, 3, 11),
        date(2021, 4, 25),
        None,
        None,
    ),
    (
        "134/2016/NĐ-CP",
        DECREE,
        "Quy định chi tiết một số điều và biện pháp thi hành Luật Thuế xuất khẩu, thuế nhập khẩu",
        CP,
        date(2016, 9, 1),
        date(2016, 9, 1),
        "18/2021/NĐ-CP",
        None,
    ),
    (
        "102/2021/NĐ-CP",
        DECREE,
        "Sửa đổi, bổ sung một số điều của các Nghị định quy định xử phạt vi phạm hành chính trong lĩnh vực thuế, hóa "
        "đơn; hải quan; kinh doanh bảo hiểm; kho bạc nhà nước; kế toán, kiểm toán độc lập",
        CP,
        date(2021, 11, 16),
        date(2022, 1, 1),
        None,
        None,
    ),
    (
        "128/2020/NĐ-CP",
        DECREE,
        "Quy định xử phạt vi phạm hành chính trong lĩnh vực hải quan",
        CP,
        date(2020, 10, 19),
        date(2020, 12, 10),
        "102/2021/NĐ-CP",
        None,
    ),
    (
        "31/2018/NĐ-CP",
        DECREE,
        "Quy định chi tiết Luật Quản lý ngoại thương về xuất xứ hàng hóa",
        CP,
        date(2018, 3, 8),
        date(2018, 3, 8),
        None,
        None,
    ),
    (
        "69/2018/NĐ-CP",
        DECREE,
        "Quy định chi tiết một số điều của Luật Quản lý ngoại thương",
        CP,
        date(2018, 5, 15),
        date(2018, 5, 15),
        None,
        None,
    ),
    (
        "14/2018/NĐ-CP",
        DECREE,
        "Quy định chi tiết về hoạt động thương mại biên giới",
        CP,
        date(2018, 1, 23),
        date(2018, 1, 23),
        None,
        None,
    ),
    (
        "98/2020/NĐ-CP",
        DECREE,
        "Quy định xử phạt vi phạm hành chính trong hoạt động thương mại, sản xuất, buôn bán hàng giả, hàng cấm và "
        "bảo vệ quyền lợi người tiêu dùng",
        CP,
        date(2020, 8, 26),
        date(2020, 10, 15),
        None,
        None,
    ),
    (
        "26/2023/NĐ-CP",
        DECREE,
        "Biểu thuế xuất khẩu, Biểu thuế nhập khẩu ưu đãi, Danh mục hàng hóa và mức thuế tuyệt đối, thuế hỗn hợp, "
        "thuế nhập khẩu ngoài hạn ngạch thuế quan",
        CP,
        date(2023, 5, 31),
        date(2023, 7, 15),
        None,
        None,
    ),
    (
        "39/2018/TT-BTC",
        CIRCULAR,
        "Sửa đổi, bổ sung một số điều tại Thông tư số 38/2015/TT-BTC quy định về thủ tục hải quan; kiểm tra, giám sát "
        "hải quan; thuế xuất khẩu, thuế nhập khẩu và quản lý thuế đối với hàng hóa xuất khẩu, nhập khẩu",
        BTC,
        date(2018, 4, 20),
        date(2018, 6, 5),
        None,
        None,
    ),
    (
        "38/2015/TT-BTC",
        CIRCULAR,
        "Quy định về thủ tục hải quan; kiểm tra, giám sát hải quan; thuế xuất khẩu, thuế nhập khẩu và quản lý thuế "
        "đối với hàng hóa xuất khẩu, nhập khẩu",
        BTC,
        date(2015, 3, 25),
        date(2015, 4, 1),
        "39/2018/TT-BTC",
        None,
    ),
    (
        "60/2019/TT-BTC",
        CIRCULAR,
        "Sửa đổi, bổ sung một số điều của Thông tư số 39/2015/TT-BTC quy định về trị giá hải quan đối với hàng hóa "
        "xuất khẩu, nhập khẩu",
        BTC,
        date(2019, 8, 30),
        date(2019, 10, 15),
        None,
        None,
    ),
    (
        "39/2015/TT-BTC",
        CIRCULAR,
        "Quy định về trị giá hải quan đối với hàng hóa xuất khẩu, nhập khẩu",
        BTC,
        date(2015, 3, 25),
        date(2015, 4, 1),
        "60/2019/TT-BTC",
        None,
    ),
    (
        "17/2021/TT-BTC",
        CIRCULAR,
        "Sửa đổi, bổ sung một số điều của Thông tư số 14/2015/TT-BTC hướng dẫn về phân loại hàng hóa, phân tích để "
        "phân loại hàng hóa; phân tích để kiểm tra chất lượng, kiểm tra an toàn thực phẩm",
        BTC,
        date(2021, 2, 26),
        date(2021, 4, 12),
        None,
        None,
    ),
    (
        "14/2015/TT-BTC",
        CIRCULAR,
        "Hướng dẫn về phân loại hàng hóa, phân tích để phân loại hàng hóa; phân tích để kiểm tra chất lượng, kiểm tra "
        "an toàn thực phẩm đối với hàng hóa xuất khẩu, nhập khẩu",
        BTC,
        date(2015, 1, 30),
        date(2015, 3, 16),
        "17/2021/TT-BTC",
        None,
    ),
    (
        "31/2022/TT-BTC",
        CIRCULAR,
        "Ban hành Danh mục hàng hóa xuất khẩu, nhập khẩu Việt Nam",
        BTC,
        date(2022, 6, 8),
        date(2022, 12, 1),
        None,
        None,
    ),
    (
        "33/2023/TT-BTC",
        CIRCULAR,
        "Quy định về xác định xuất xứ hàng hóa xuất khẩu, nhập khẩu",
        BTC,
        date(2023, 5, 31),
        date(2023, 7, 15),
        None,
        None,
    ),
    (
        "38/2018/TT-BTC",
        CIRCULAR,
        "Quy định về xác định xuất xứ hàng hóa xuất khẩu, nhập khẩu",
        BTC,
        date(2018, 4, 20),
        date(2018, 6, 5),
        "33/2023/TT-BTC",
        LegalDocumentStatus.EXPIRED,
    ),
    (
        "07/2019/TT-BTC",
        CIRCULAR,
        "Sửa đổi, bổ sung một số điều của Thông tư số 72/2015/TT-BTC quy định áp dụng chế độ ưu tiên trong việc thực "
        "hiện thủ tục hải quan, kiểm tra, giám sát hải quan đối với hàng hóa xuất khẩu, nhập khẩu của doanh nghiệp",
        BTC,
        date(2019, 1, 28),
        date(2019, 3, 15),
        None,
        None,
    ),
    (
        "72/2015/TT-BTC",
        CIRCULAR,
        "Quy định áp dụng chế độ ưu tiên trong việc thực hiện thủ tục hải quan, kiểm tra, giám sát hải quan đối với "
        "hàng hóa xuất khẩu, nhập khẩu của doanh nghiệp",
        BTC,
        date(2015, 5, 12),
        date(2015, 7, 1),
        "07/2019/TT-BTC",
        None,
    ),
    (
        "81/2019/TT-BTC",
        CIRCULAR,
        "Quy định quản lý rủi ro trong hoạt động nghiệp vụ hải quan",
        BTC,
        date(2019, 11, 15),
        date(2020, 1, 1),
        None,
        None,
    ),
    (
        "13/2015/TT-BTC",
        CIRCULAR,
        "Quy định về kiểm tra, giám sát, tạm dừng làm thủ tục hải quan đối với hàng hóa xuất khẩu, nhập khẩu có yêu "
        "cầu bảo vệ quyền sở hữu trí tuệ",
        BTC,
        date(2015, 1, 30),
        date(2015, 3, 16),
        None,
        None,
    ),
    (
        "06/2021/TT-BTC",
        CIRCULAR,
        "Hướng dẫn thi hành một số điều của Luật Quản lý thuế về quản lý thuế đối với hàng hóa xuất khẩu, nhập khẩu",
        BTC,
        date(2021, 1, 22),
        date(2021, 3, 8),
        None,
        None,
    ),
    (
        "1357/QĐ-TCHQ",
        DECISION,
        "Ban hành Bảng mã loại hình xuất khẩu, nhập khẩu và hướng dẫn sử dụng",
        TCHQ,
        date(2021, 5, 18),
        date(2021, 5, 18),
        None,
        None,
    ),
]

# Deadline policies: (category, priority, working days, internal target). Without a matching row the defaults in
# settings.QUESTION_DEFAULT_WORKING_DAYS apply.
DEADLINE_POLICIES = [
    (C.CLASSIFICATION, "", 15, 10),
    (C.VALUATION, "", 15, 10),
    (C.CLASSIFICATION, QuestionPriority.URGENT, 5, 3),
    (C.VALUATION, QuestionPriority.URGENT, 5, 3),
    ("", QuestionPriority.URGENT, 3, 2),
]

# Questions --------------------------------------------------------------------------------------------------------
# Each topic: category, subcategory, Vietnamese (titles, body) and, for what FDI enterprises ask, English; the HS
# codes and declarations it may mention; the answer and its legal basis (document number, article). Placeholders:
# {hs} HS codes, {decl} declaration numbers, {year} the year, {gate} a border gate.
CAM = ["852589", "85177100", "851779"]
PCB = ["853400", "85177100", "847330"]
MACHINE = ["847989", "844332", "8479"]
STEEL = ["720851", "7208", "7210"]
FRUIT = ["081060", "080450", "081090"]
ELEC = ["85414300", "850760", "85423100", "850440", "900190"]
TOPICS = [
    {
        "category": C.CLASSIFICATION,
        "sub": "Linh kiện hay sản phẩm hoàn chỉnh",
        "vi": (
            ["Phân loại mô-đun camera nhập khẩu để lắp ráp điện thoại", "Mã HS của cụm camera dùng cho điện thoại"],
            "Công ty nhập khẩu mô-đun camera (đã gắn cảm biến và ống kính) để lắp vào điện thoại di động, hiện đang "
            "khai mã {hs}. Mô-đun này phân loại là bộ phận của điện thoại hay là camera?",
        ),
        "en": (
            ["Classification of camera modules for phone assembly", "HS code for phone camera modules"],
            "We import camera modules (sensor and lens assembled) that are fitted into mobile phones and currently "
            "declare them under {hs}. Should they be classified as parts of phones or as cameras?",
        ),
        "hs": CAM,
        "answer_vi": "Việc phân loại căn cứ vào đặc tính, cấu tạo và chức năng thực tế của hàng hóa theo 06 quy tắc "
        "tổng quát. Trường hợp mô-đun có chức năng ghi hình độc lập thì phân loại theo nhóm 85.25; nếu chỉ dùng riêng "
        "cho điện thoại và không có chức năng độc lập thì phân loại là bộ phận thuộc nhóm 85.17. Công ty có thể đề "
        "nghị xác định trước mã số để được áp dụng thống nhất.",
        "answer_en": "Classification follows the goods' actual characteristics, structure and function under the six "
        "General Interpretative Rules. A module that records images on its own falls in heading 85.25; one usable "
        "only in phones without an independent function is classified as a part in heading 85.17. You may apply for "
        "an advance ruling so that the code is applied consistently.",
        "cites": [("31/2022/TT-BTC", "Phụ lục I, Quy tắc 1 và 6"), ("14/2015/TT-BTC", "Điều 4")],
    },
    {
        "category": C.CLASSIFICATION,
        "sub": "Xác định trước mã số",
        "vi": (
            ["Thủ tục xác định trước mã số hàng hóa", "Hồ sơ đề nghị xác định trước mã số"],
            "Hồ sơ đề nghị xác định trước mã số gồm những gì, thời hạn trả lời bao lâu và văn bản xác định trước có "
            "hiệu lực tại tất cả các chi cục không?",
        ),
        "en": (
            ["Advance classification ruling", "How to obtain an advance HS ruling"],
            "How do we obtain an advance classification ruling, how long is it valid, and can we rely on it at every "
            "customs branch?",
        ),
        "hs": None,
        "answer_vi": "Hồ sơ gồm đơn đề nghị theo mẫu, mẫu hàng hoặc tài liệu kỹ thuật (catalogue, hình ảnh). Văn bản "
        "xác định trước có giá trị tối đa 03 năm và được áp dụng thống nhất trên toàn quốc nếu hàng hóa và quy định "
        "làm căn cứ không thay đổi.",
        "answer_en": "The dossier consists of the application form and a sample or technical documents (catalogue, "
        "photos). The ruling is valid for up to three years and applies nationwide as long as the goods and the "
        "rules it is based on do not change.",
        "cites": [("54/2014/QH13", "Điều 28"), ("38/2015/TT-BTC", "Điều 7")],
    },
    {
        "category": C.CLASSIFICATION,
        "sub": "Bản mạch in",
        "vi": (
            ["Mã HS bản mạch in chưa gắn và đã gắn linh kiện", "Phân loại bản mạch in lắp ráp"],
            "Bản mạch in nhập khẩu ở dạng chưa gắn linh kiện và dạng đã gắn linh kiện (PCBA) có cùng mã {hs} không?",
        ),
        "en": (
            ["Bare vs populated printed circuit boards", "HS code of PCB assemblies"],
            "Do bare printed circuit boards and populated assemblies (PCBA) fall under the same code {hs}?",
        ),
        "hs": PCB,
        "answer_vi": "Bản mạch in chưa gắn linh kiện thuộc nhóm 85.34. Bản mạch đã gắn linh kiện không còn là mạch in "
        "mà được phân loại theo chức năng, thường là bộ phận của máy mà nó được thiết kế để lắp vào.",
        "answer_en": "Bare boards fall in heading 85.34. Once components are mounted the board is no longer a printed "
        "circuit: it is classified by its function, usually as a part of the machine it is designed for.",
        "cites": [("31/2022/TT-BTC", "Chú giải Chương 85"), ("14/2015/TT-BTC", "")],
    },
    {
        "category": C.CLASSIFICATION,
        "sub": "Máy móc dạng tháo rời",
        "vi": (
            ["Khai mã HS máy móc nhập khẩu tháo rời nhiều chuyến", "Phân loại dây chuyền nhập khẩu nhiều lần"],
            "Dây chuyền máy móc nhập khẩu ở dạng tháo rời, chia làm nhiều chuyến hàng. Công ty khai mã HS theo máy "
            "hoàn chỉnh ({hs}) hay theo từng bộ phận?",
        ),
        "en": None,
        "hs": MACHINE,
        "answer_vi": "Máy móc ở dạng tháo rời nhập khẩu nhiều lần được phân loại như máy hoàn chỉnh theo quy tắc 2(a). "
        "Doanh nghiệp thông báo Danh mục hàng hóa với cơ quan hải quan trước khi nhập khẩu chuyến đầu và quyết toán "
        "sau chuyến cuối cùng.",
        "cites": [("31/2022/TT-BTC", "Quy tắc 2(a)"), ("14/2015/TT-BTC", "Điều 7")],
    },
    {
        "category": C.VALUATION,
        "sub": "Phí bản quyền",
        "vi": (
            ["Phí bản quyền trả cho công ty mẹ có cộng vào trị giá hải quan?", "Cộng phí bản quyền vào trị giá"],
            "Công ty trả phí bản quyền công nghệ cho công ty mẹ ở nước ngoài theo doanh thu sản phẩm. Khoản phí này "
            "có phải cộng vào trị giá hải quan của linh kiện nhập khẩu không?",
        ),
        "en": (
            ["Royalties paid to the parent company", "Are royalties part of the customs value?"],
            "We pay technology royalties to our foreign parent based on product sales. Must they be added to the "
            "customs value of the imported components?",
        ),
        "hs": None,
        "answer_vi": "Phí bản quyền được cộng vào trị giá hải quan khi liên quan đến hàng hóa nhập khẩu và là điều "
        "kiện của giao dịch mua bán. Trường hợp chưa xác định được tại thời điểm đăng ký tờ khai thì doanh nghiệp "
        "khai bổ sung khi phát sinh.",
        "answer_en": "Royalties are added when they relate to the imported goods and are a condition of their sale. "
        "When the amount is not known when the declaration is registered, declare it later by an amendment.",
        "cites": [("39/2015/TT-BTC", "Điều 13, Điều 15"), ("60/2019/TT-BTC", "")],
    },
    {
        "category": C.VALUATION,
        "sub": "Giá tạm tính",
        "vi": (
            ["Khai trị giá khi giá mua bán chưa chính thức", "Giá tạm tính điều chỉnh cuối năm"],
            "Giá mua bán là giá tạm tính và được điều chỉnh vào cuối năm theo thỏa thuận với nhà cung cấp. Công ty "
            "khai trị giá thế nào và điều chỉnh sau bằng cách nào? Tờ khai ví dụ: {decl}.",
        ),
        "en": (
            ["Provisional prices adjusted at year end", "Declaring provisional transaction values"],
            "Our price is provisional until a year-end adjustment with the supplier. How do we declare the value and "
            "correct it later? Example declaration: {decl}.",
        ),
        "hs": None,
        "decl": True,
        "answer_vi": "Doanh nghiệp khai giá tạm tính tại thời điểm đăng ký tờ khai và khai bổ sung trong thời hạn quy "
        "định khi có giá chính thức, kèm chứng từ thanh toán và phụ lục hợp đồng điều chỉnh giá.",
        "answer_en": "Declare the provisional price when registering the declaration and file an amendment when the "
        "final price is known, with the payment documents and the price adjustment annex.",
        "cites": [("39/2015/TT-BTC", "Điều 21"), ("38/2015/TT-BTC", "Điều 20")],
    },
    {
        "category": C.VALUATION,
        "sub": "Quan hệ đặc biệt",
        "vi": (
            ["Chứng minh mối quan hệ đặc biệt không ảnh hưởng đến giá", "Giao dịch giữa các bên liên kết"],
            "Giao dịch giữa các bên có quan hệ đặc biệt thì doanh nghiệp chứng minh giá không bị ảnh hưởng bằng những "
            "tài liệu nào?",
        ),
        "en": None,
        "hs": None,
        "answer_vi": "Doanh nghiệp chứng minh bằng cách so sánh với trị giá giao dịch của hàng hóa giống hệt hoặc "
        "tương tự bán cho người mua không có quan hệ đặc biệt, hoặc chứng minh giá được xác định theo thông lệ ngành.",
        "cites": [("39/2015/TT-BTC", "Điều 6"), ("60/2019/TT-BTC", "")],
    },
    {
        "category": C.ORIGIN,
        "sub": "Sai sót trên C/O",
        "vi": (
            ["C/O mẫu E ghi sai mã HS có được hưởng ưu đãi?", "Sai sót nhỏ trên C/O mẫu E"],
            "C/O mẫu E ghi mã HS {hs} khác với mã trên tờ khai {decl}. Sai sót này có làm mất ưu đãi thuế suất không?",
        ),
        "en": (
            ["Typo in the HS code on a Form E C/O", "Minor error on a C/O"],
            "Our Form E shows HS code {hs}, which differs from the code on declaration {decl}. Will the preferential "
            "rate be refused?",
        ),
        "hs": ELEC,
        "decl": True,
        "answer_vi": "Khác biệt nhỏ về mã HS không làm mất giá trị C/O nếu hàng hóa thực tế phù hợp với mô tả trên C/O "
        "và đáp ứng quy tắc xuất xứ. Cơ quan hải quan có thể xác minh khi có nghi ngờ.",
        "answer_en": "A minor discrepancy in the HS code does not invalidate the C/O when the goods match its "
        "description and meet the rules of origin. Customs may verify it if in doubt.",
        "cites": [("33/2023/TT-BTC", ""), ("31/2018/NĐ-CP", "")],
    },
    {
        "category": C.ORIGIN,
        "sub": "Tự chứng nhận xuất xứ",
        "vi": (
            ["Tự chứng nhận xuất xứ theo EVFTA, CPTPP", "Điều kiện tự chứng nhận xuất xứ hàng xuất khẩu"],
            "Công ty có được tự chứng nhận xuất xứ cho hàng xuất khẩu theo EVFTA/CPTPP không và phải lưu giữ hồ sơ gì?",
        ),
        "en": (
            ["Origin self-certification under EVFTA/CPTPP", "Self-certifying origin for exports"],
            "Can we self-certify origin for our exports under EVFTA/CPTPP, and which records must we keep?",
        ),
        "hs": None,
        "answer_vi": "Doanh nghiệp được tự chứng nhận xuất xứ theo điều kiện của từng hiệp định; phải lưu giữ hồ sơ "
        "chứng minh xuất xứ tối thiểu 05 năm và xuất trình khi cơ quan có thẩm quyền yêu cầu kiểm tra.",
        "answer_en": "Self-certification is allowed on the terms of each agreement; the supporting records must be "
        "kept for at least five years and produced when the authorities verify origin.",
        "cites": [("31/2018/NĐ-CP", ""), ("33/2023/TT-BTC", "")],
    },
    {
        "category": C.ORIGIN,
        "sub": "Nộp bổ sung C/O",
        "vi": (
            ["Nộp bổ sung C/O sau thông quan", "Hoàn thuế chênh lệch khi nộp C/O sau"],
            "C/O nộp bổ sung sau khi thông quan (tờ khai {decl}) thì có được áp dụng thuế suất ưu đãi đặc biệt và hoàn "
            "lại tiền thuế chênh lệch không?",
        ),
        "en": None,
        "hs": None,
        "decl": True,
        "answer_vi": "Doanh nghiệp khai việc nộp bổ sung C/O khi đăng ký tờ khai; C/O nộp trong thời hạn quy định thì "
        "được áp dụng thuế suất ưu đãi đặc biệt và xử lý số tiền thuế nộp thừa theo quy định về quản lý thuế.",
        "cites": [("33/2023/TT-BTC", ""), ("38/2015/TT-BTC", "Điều 20"), ("38/2019/QH14", "")],
    },
    {
        "category": C.PROCEDURES,
        "sub": "Khai bổ sung",
        "vi": (
            ["Khai bổ sung số lượng sau thông quan", "Sửa tờ khai sau khi đã thông quan"],
            "Công ty khai sai số lượng trên tờ khai {decl} đã thông quan. Thủ tục và thời hạn khai bổ sung thế nào?",
        ),
        "en": (
            ["Amending the quantity after clearance", "Correcting a cleared declaration"],
            "We declared the wrong quantity on declaration {decl}, which has been cleared. How and by when can we "
            "amend it?",
        ),
        "hs": None,
        "decl": True,
        "answer_vi": "Doanh nghiệp được khai bổ sung trong thời hạn 60 ngày kể từ ngày thông quan nhưng trước khi cơ "
        "quan hải quan quyết định kiểm tra sau thông quan, kèm chứng từ chứng minh.",
        "answer_en": "An amendment may be filed within 60 days of clearance, before customs decides on a "
        "post-clearance audit, with supporting documents.",
        "cites": [("54/2014/QH13", "Điều 29"), ("38/2015/TT-BTC", "Điều 20"), ("39/2018/TT-BTC", "")],
    },
    {
        "category": C.PROCEDURES,
        "sub": "Thay đổi mục đích sử dụng",
        "vi": (
            ["Bán nguyên liệu dư thừa loại hình E31 vào nội địa", "Chuyển tiêu thụ nội địa nguyên liệu E31"],
            "Nguyên liệu nhập khẩu theo loại hình E31 còn dư. Công ty có được bán vào nội địa không và khai tờ khai "
            "thay đổi mục đích sử dụng thế nào?",
        ),
        "en": (
            ["Selling surplus E31 materials domestically", "Change of purpose for E31 materials"],
            "Materials imported under type E31 are now surplus. Can we sell them domestically, and which "
            "change-of-purpose declaration applies?",
        ),
        "hs": None,
        "answer_vi": "Doanh nghiệp được chuyển tiêu thụ nội địa, khai tờ khai mới (loại hình A42), nộp thuế theo thuế "
        "suất và trị giá tại thời điểm đăng ký tờ khai mới, đồng thời đáp ứng chính sách quản lý hàng hóa.",
        "answer_en": "They may be sold domestically on a new declaration (type A42), paying duty at the rate and "
        "value applicable when it is registered and meeting import policy requirements.",
        "cites": [("38/2015/TT-BTC", "Điều 21"), ("1357/QĐ-TCHQ", "")],
    },
    {
        "category": C.PROCEDURES,
        "sub": "Hủy tờ khai",
        "vi": (
            ["Hủy tờ khai xuất khẩu khi hàng không xuất được", "Thủ tục hủy tờ khai xuất khẩu"],
            "Tờ khai xuất khẩu {decl} đã đăng ký nhưng hàng không xuất được do đối tác hủy đơn hàng. Hồ sơ hủy tờ khai "
            "gồm những gì?",
        ),
        "en": None,
        "hs": None,
        "decl": True,
        "answer_vi": "Doanh nghiệp gửi văn bản đề nghị hủy tờ khai nêu rõ lý do qua hệ thống; tờ khai quá 15 ngày mà "
        "hàng chưa đưa vào khu vực giám sát thì cơ quan hải quan hủy theo quy định.",
        "cites": [("38/2015/TT-BTC", "Điều 22"), ("39/2018/TT-BTC", "")],
    },
    {
        "category": C.INSPECTION,
        "sub": "Phân luồng",
        "vi": (
            ["Vì sao hàng nhiều lần bị phân luồng đỏ?", "Cải thiện mức độ tuân thủ để giảm luồng đỏ"],
            "Các lô hàng gần đây (tờ khai {decl}) liên tục bị phân luồng đỏ. Công ty cần làm gì để nâng mức tuân thủ?",
        ),
        "en": (
            ["Repeated red-channel inspections", "Why are our shipments always in the red channel?"],
            "Our recent shipments (declaration {decl}) were repeatedly routed to the red channel. How can we improve "
            "our compliance level?",
        ),
        "hs": None,
        "decl": True,
        "answer_vi": "Phân luồng dựa trên đánh giá rủi ro và mức độ tuân thủ của doanh nghiệp. Doanh nghiệp duy trì "
        "khai báo chính xác, không vi phạm và có thể tham gia chương trình tuân thủ tự nguyện để được đánh giá lại.",
        "answer_en": "Channel selection follows risk assessment and the enterprise's compliance level. Keep "
        "declarations accurate and violation-free; joining the voluntary-compliance programme leads to a review.",
        "cites": [("81/2019/TT-BTC", ""), ("54/2014/QH13", "Điều 17")],
    },
    {
        "category": C.INSPECTION,
        "sub": "Kiểm tra tại chân công trình",
        "vi": (
            ["Kiểm tra thực tế hàng hóa tại nhà máy", "Đề nghị kiểm tra hàng tại kho doanh nghiệp"],
            "Công ty có thể đề nghị kiểm tra thực tế hàng hóa tại nhà máy thay vì tại bãi cửa khẩu không?",
        ),
        "en": (
            ["Physical inspection at our factory", "Inspection outside the border-gate yard"],
            "Can physical inspection take place at our factory instead of the border-gate yard?",
        ),
        "hs": None,
        "answer_vi": "Hàng hóa được kiểm tra tại địa điểm kiểm tra tại cơ sở sản xuất hoặc chân công trình nếu đáp ứng "
        "điều kiện và được cơ quan hải quan chấp thuận theo đề nghị của doanh nghiệp.",
        "answer_en": "Goods may be inspected at a production facility or project site that meets the conditions, "
        "when customs approves the enterprise's request.",
        "cites": [("54/2014/QH13", "Điều 22"), ("08/2015/NĐ-CP", ""), ("59/2018/NĐ-CP", "")],
    },
    {
        "category": C.INSPECTION,
        "sub": "Máy soi",
        "vi": (
            ["Kiểm tra bằng máy soi tại cửa khẩu {gate}", "Soi chiếu thay kiểm tra thủ công"],
            "Hàng nhập khẩu qua cửa khẩu {gate} có được kiểm tra bằng máy soi thay cho kiểm tra thủ công không?",
        ),
        "en": None,
        "hs": None,
        "answer_vi": "Cơ quan hải quan ưu tiên kiểm tra bằng máy soi; chỉ kiểm tra thủ công khi hình ảnh soi chiếu có "
        "nghi vấn hoặc hàng hóa không phù hợp để soi chiếu.",
        "cites": [("54/2014/QH13", "Điều 33"), ("38/2015/TT-BTC", "Điều 29")],
    },
    {
        "category": C.DUTIES,
        "sub": "Hoàn thuế sản xuất xuất khẩu",
        "vi": (
            ["Hồ sơ hoàn thuế nguyên liệu sản xuất xuất khẩu", "Thời hạn hoàn thuế nhập khẩu nguyên liệu"],
            "Hồ sơ và thời hạn hoàn thuế nhập khẩu đối với nguyên liệu đã dùng để sản xuất hàng xuất khẩu (tờ khai "
            "nhập {decl}) như thế nào?",
        ),
        "en": (
            ["Duty refund on materials used for exports", "Refund dossier for export production"],
            "What is the dossier and timeline for refunding import duty on materials used for exported products "
            "(import declaration {decl})?",
        ),
        "hs": None,
        "decl": True,
        "answer_vi": "Hồ sơ gồm văn bản đề nghị hoàn thuế, chứng từ thanh toán và báo cáo quyết toán. Hồ sơ thuộc diện "
        "hoàn trước kiểm sau được giải quyết trong 06 ngày làm việc; diện kiểm tra trước hoàn thuế sau trong 40 ngày.",
        "answer_en": "The dossier is the refund request, payment documents and the settlement report. Refund-first "
        "cases are settled within 6 working days; audit-first cases within 40 days.",
        "cites": [("134/2016/NĐ-CP", "Điều 36"), ("18/2021/NĐ-CP", ""), ("107/2016/QH13", "Điều 19")],
    },
    {
        "category": C.DUTIES,
        "sub": "Miễn thuế tạo tài sản cố định",
        "vi": (
            ["Miễn thuế máy móc tạo tài sản cố định dự án FDI", "Thông báo danh mục miễn thuế"],
            "Máy móc nhập khẩu ({hs}) để tạo tài sản cố định của dự án đầu tư có được miễn thuế không và thông báo "
            "danh mục miễn thuế thế nào?",
        ),
        "en": (
            ["Duty exemption for fixed-asset machinery", "Registering the duty-exemption list"],
            "Is machinery ({hs}) imported to create fixed assets for our investment project duty-exempt, and how do "
            "we register the exemption list?",
        ),
        "hs": MACHINE,
        "answer_vi": "Hàng hóa nhập khẩu để tạo tài sản cố định của dự án thuộc danh mục ưu đãi đầu tư được miễn thuế; "
        "doanh nghiệp thông báo Danh mục miễn thuế qua hệ thống trước khi đăng ký tờ khai đầu tiên.",
        "answer_en": "Goods imported to create fixed assets of projects entitled to investment incentives are "
        "exempt; notify the exemption list electronically before the first declaration.",
        "cites": [("107/2016/QH13", "Điều 16"), ("134/2016/NĐ-CP", "Điều 14, Điều 30"), ("18/2021/NĐ-CP", "")],
    },
    {
        "category": C.DUTIES,
        "sub": "Hoàn thuế hàng tái xuất",
        "vi": (
            ["Hoàn thuế hàng nhập khẩu phải tái xuất trả nhà cung cấp", "Tái xuất hàng lỗi và hoàn thuế"],
            "Hàng nhập khẩu (tờ khai {decl}) bị lỗi phải tái xuất trả lại nhà cung cấp nước ngoài. Hoàn thuế nhập "
            "khẩu thực hiện thế nào?",
        ),
        "en": None,
        "hs": None,
        "decl": True,
        "answer_vi": "Hàng nhập khẩu đã nộp thuế nhưng phải tái xuất trả lại người bán được hoàn thuế nhập khẩu đã nộp "
        "và không phải nộp thuế xuất khẩu; hồ sơ gồm văn bản đề nghị và chứng từ liên quan đến việc tái xuất.",
        "cites": [("107/2016/QH13", "Điều 19"), ("134/2016/NĐ-CP", "Điều 34")],
    },
    {
        "category": C.PROCESSING,
        "sub": "Báo cáo quyết toán",
        "vi": (
            ["Thời hạn nộp báo cáo quyết toán năm {year}", "Mẫu báo cáo quyết toán nguyên liệu, vật tư"],
            "Thời hạn nộp báo cáo quyết toán nguyên liệu, vật tư năm {year} là khi nào và theo mẫu nào?",
        ),
        "en": (
            ["Annual settlement report for {year}", "Settlement report deadline and format"],
            "When is the annual settlement report for {year} due and what format must we use?",
        ),
        "hs": None,
        "answer_vi": "Báo cáo quyết toán nộp chậm nhất ngày thứ 90 kể từ ngày kết thúc năm tài chính, theo mẫu tại phụ "
        "lục Thông tư 39/2018/TT-BTC, qua hệ thống xử lý dữ liệu điện tử hải quan.",
        "answer_en": "The report is due no later than the 90th day after the end of the financial year, in the form "
        "annexed to Circular 39/2018/TT-BTC, submitted electronically.",
        "cites": [("38/2015/TT-BTC", "Điều 60"), ("39/2018/TT-BTC", "")],
    },
    {
        "category": C.PROCESSING,
        "sub": "Bán phế liệu của DNCX",
        "vi": (
            ["Doanh nghiệp chế xuất bán phế liệu vào nội địa", "Thủ tục bán phế phẩm của DNCX"],
            "Doanh nghiệp chế xuất có được bán phế liệu, phế phẩm vào thị trường nội địa không và thủ tục thế nào?",
        ),
        "en": (
            ["Selling scrap from an export-processing enterprise", "EPE scrap and rejects sold domestically"],
            "Can an export-processing enterprise sell scrap and defective products on the domestic market, and what "
            "is the procedure?",
        ),
        "hs": None,
        "answer_vi": "DNCX được bán phế liệu, phế phẩm vào nội địa; người mua làm thủ tục nhập khẩu theo loại hình "
        "phù hợp và đáp ứng chính sách quản lý, riêng phế liệu phải đáp ứng quy định về bảo vệ môi trường.",
        "answer_en": "EPEs may sell scrap and rejects domestically; the buyer clears them under the appropriate type "
        "and meets import policy, and scrap must meet environmental rules.",
        "cites": [("38/2015/TT-BTC", "Điều 75"), ("39/2018/TT-BTC", "")],
    },
    {
        "category": C.PROCESSING,
        "sub": "Định mức",
        "vi": (
            ["Thông báo lại định mức khi thay đổi giữa năm", "Định mức gia công thay đổi"],
            "Định mức sử dụng nguyên liệu thay đổi giữa năm thì doanh nghiệp gia công có phải thông báo lại không?",
        ),
        "en": None,
        "hs": None,
        "answer_vi": "Doanh nghiệp lưu giữ định mức thực tế tại trụ sở và xuất trình khi cơ quan hải quan kiểm tra; "
        "khi thay đổi định mức phải lưu giữ định mức mới kèm lý do thay đổi.",
        "cites": [("38/2015/TT-BTC", "Điều 55"), ("39/2018/TT-BTC", "")],
    },
    {
        "category": C.SPECIALISED,
        "sub": "Kiểm tra chất lượng thép",
        "vi": (
            ["Kiểm tra chất lượng thép nhập khẩu", "Thông quan thép trước khi có kết quả kiểm tra"],
            "Thép nhập khẩu mã {hs} do cơ quan nào kiểm tra chất lượng và có được thông quan trước khi có kết quả "
            "không?",
        ),
        "en": (
            ["Quality inspection of imported steel", "Clearance before steel inspection results"],
            "Which agency inspects the quality of imported steel ({hs}), and can clearance proceed before the results?",
        ),
        "hs": STEEL,
        "answer_vi": "Thép thuộc danh mục kiểm tra nhà nước về chất lượng của Bộ Công Thương. Doanh nghiệp được đưa "
        "hàng về bảo quản và chỉ được thông quan khi có kết quả kiểm tra đạt yêu cầu.",
        "answer_en": "Steel is on the Ministry of Industry and Trade's list for state quality inspection. Goods may "
        "be taken into storage but are cleared only once the inspection result is satisfactory.",
        "cites": [("54/2014/QH13", "Điều 35"), ("38/2015/TT-BTC", "Điều 33")],
    },
    {
        "category": C.POST_CLEARANCE,
        "sub": "Kiểm tra tại trụ sở doanh nghiệp",
        "vi": (
            ["Thông báo kiểm tra sau thông quan", "Hồ sơ chuẩn bị cho kiểm tra sau thông quan"],
            "Công ty nhận thông báo kiểm tra sau thông quan tại trụ sở. Cần chuẩn bị hồ sơ gì, thời gian bao lâu và "
            "có được tự khai bổ sung trước không?",
        ),
        "en": (
            ["Post-clearance audit notice", "Preparing for a post-clearance audit"],
            "We received a post-clearance audit notice. Which documents and time frame apply, and can we "
            "self-correct first?",
        ),
        "hs": None,
        "answer_vi": "Thời hạn kiểm tra tại trụ sở người khai hải quan tối đa 10 ngày làm việc, có thể gia hạn một "
        "lần. Doanh nghiệp được khai bổ sung trong thời hạn 05 ngày làm việc kể từ ngày nhận thông báo.",
        "answer_en": "An audit at the declarant's premises lasts up to 10 working days, extendable once. You may "
        "file amendments within 5 working days of receiving the notice.",
        "cites": [("54/2014/QH13", "Điều 80"), ("38/2015/TT-BTC", "Điều 143")],
    },
    {
        "category": C.PENALTIES,
        "sub": "Nộp chậm C/O",
        "vi": (
            ["Nộp chậm C/O có bị xử phạt?", "Mức phạt khi nộp chậm chứng từ"],
            "Doanh nghiệp nộp chậm C/O so với thời hạn đã khai trên tờ khai {decl} thì có bị xử phạt không, mức phạt "
            "bao nhiêu?",
        ),
        "en": (
            ["Penalty for late C/O submission", "Is a late C/O a violation?"],
            "We submitted a C/O after the deadline declared on {decl}. Is this a violation, and what is the fine?",
        ),
        "hs": None,
        "decl": True,
        "answer_vi": "Nộp chậm chứng từ thuộc hồ sơ hải quan so với thời hạn quy định là hành vi vi phạm về thời hạn "
        "làm thủ tục hải quan; mức phạt phụ thuộc thời gian chậm và được quy định cụ thể tại Nghị định.",
        "answer_en": "Filing a document of the customs dossier late is a violation of the time limits for customs "
        "formalities; the fine depends on the delay as set out in the Decree.",
        "cites": [("128/2020/NĐ-CP", "Điều 7"), ("102/2021/NĐ-CP", "")],
    },
    {
        "category": C.PENALTIES,
        "sub": "Khiếu nại quyết định",
        "vi": (
            ["Khiếu nại quyết định xử phạt", "Thời hiệu khiếu nại quyết định hành chính"],
            "Công ty không đồng ý với quyết định xử phạt liên quan tờ khai {decl}. Thời hạn và nơi gửi khiếu nại?",
        ),
        "en": None,
        "hs": None,
        "decl": True,
        "answer_vi": "Doanh nghiệp khiếu nại lần đầu đến người đã ra quyết định trong thời hạn 90 ngày kể từ ngày nhận "
        "quyết định; trong thời gian khiếu nại vẫn phải chấp hành quyết định xử phạt.",
        "cites": [("128/2020/NĐ-CP", ""), ("54/2014/QH13", "")],
    },
    {
        "category": C.AEO,
        "sub": "Điều kiện doanh nghiệp ưu tiên",
        "vi": (
            ["Điều kiện công nhận doanh nghiệp ưu tiên", "Kim ngạch để được công nhận DN ưu tiên"],
            "Để được công nhận doanh nghiệp ưu tiên, công ty phải đáp ứng điều kiện về kim ngạch và tuân thủ thế nào?",
        ),
        "en": (
            ["Conditions for priority-enterprise (AEO) status", "Applying for AEO status"],
            "What turnover and compliance conditions must we meet to apply for priority-enterprise status?",
        ),
        "hs": None,
        "answer_vi": "Doanh nghiệp phải đáp ứng điều kiện về kim ngạch xuất nhập khẩu, tuân thủ pháp luật hải quan, "
        "thuế trong 02 năm liên tục, hệ thống kiểm soát nội bộ và thanh toán qua ngân hàng.",
        "answer_en": "You must meet the import-export turnover threshold, two consecutive years of compliance with "
        "customs and tax law, an internal control system and payment through banks.",
        "cites": [("54/2014/QH13", "Điều 43"), ("72/2015/TT-BTC", "Điều 10"), ("07/2019/TT-BTC", "")],
    },
    {
        "category": C.AEO,
        "sub": "Chương trình tuân thủ tự nguyện",
        "vi": (
            ["Tham gia Chương trình tuân thủ tự nguyện", "Quyền lợi khi tham gia chương trình tự nguyện tuân thủ"],
            "Doanh nghiệp muốn tham gia Chương trình tự nguyện tuân thủ thì cần điều kiện gì và được hỗ trợ những gì?",
        ),
        "en": None,
        "hs": None,
        "answer_vi": "Doanh nghiệp đăng ký với Chi cục, ký biên bản ghi nhớ và được cử công chức đầu mối hỗ trợ, được "
        "đánh giá lại mức độ tuân thủ và ưu tiên giải đáp vướng mắc trong 24 giờ.",
        "cites": [("81/2019/TT-BTC", ""), ("54/2014/QH13", "Điều 17")],
    },
    {
        "category": C.IT_SYSTEMS,
        "sub": "Lỗi VNACCS, nộp thuế điện tử",
        "vi": (
            ["Lỗi hệ thống VNACCS khi đăng ký tờ khai", "Nộp thuế điện tử chưa được cập nhật"],
            "Hệ thống VNACCS báo lỗi khi đăng ký tờ khai {decl}; tiền thuế nộp điện tử chưa được cập nhật. Công ty "
            "liên hệ đầu mối nào?",
        ),
        "en": (
            ["VNACCS error on registration", "Electronic duty payment not matched"],
            "VNACCS returns an error when registering declaration {decl}, and our e-payment of duty has not been "
            "matched. Whom should we contact?",
        ),
        "hs": None,
        "decl": True,
        "answer_vi": "Doanh nghiệp liên hệ bộ phận hỗ trợ CNTT của Chi cục và cung cấp ảnh chụp màn hình lỗi; với tiền "
        "thuế chưa cập nhật, gửi chứng từ nộp tiền để đối chiếu với ngân hàng phối hợp thu.",
        "answer_en": "Contact the branch's IT help desk with a screenshot of the error; for unmatched payments, send "
        "the payment receipt so it can be reconciled with the collecting bank.",
        "cites": [("06/2021/TT-BTC", ""), ("38/2015/TT-BTC", "Điều 3")],
    },
    {
        "category": C.IPR,
        "sub": "Đăng ký giám sát nhãn hiệu",
        "vi": (
            ["Đăng ký kiểm tra, giám sát nhãn hiệu tại hải quan", "Bảo vệ quyền SHTT tại biên giới"],
            "Chủ sở hữu nhãn hiệu muốn đề nghị cơ quan hải quan kiểm tra, giám sát hàng hóa nghi xâm phạm thì làm "
            "thủ tục gì?",
        ),
        "en": (
            ["Recording a trademark with customs", "Border enforcement of our trademark"],
            "How does a brand owner record its trademark with customs for border enforcement?",
        ),
        "hs": None,
        "answer_vi": "Chủ thể quyền nộp đơn đề nghị kiểm tra, giám sát kèm tài liệu chứng minh quyền và đặc điểm nhận "
        "biết hàng thật, hàng giả; thời hạn giám sát 02 năm, có thể gia hạn.",
        "answer_en": "The right holder files a request with proof of the right and features telling genuine from "
        "counterfeit goods; recordation lasts two years and can be renewed.",
        "cites": [("13/2015/TT-BTC", "Điều 5"), ("54/2014/QH13", "Điều 73")],
    },
    {
        "category": C.IPR,
        "sub": "Hàng giả",
        "vi": (
            ["Xử lý hàng nghi giả mạo nhãn hiệu", "Tạm dừng thông quan hàng nghi xâm phạm"],
            "Công ty phát hiện lô hàng nhập khẩu nghi giả mạo nhãn hiệu của mình. Đề nghị tạm dừng làm thủ tục thế "
            "nào?",
        ),
        "en": None,
        "hs": None,
        "answer_vi": "Chủ thể quyền nộp đơn đề nghị tạm dừng kèm chứng cứ và khoản bảo đảm; cơ quan hải quan ra quyết "
        "định tạm dừng và phối hợp xử lý theo quy định về hàng giả.",
        "cites": [("13/2015/TT-BTC", ""), ("98/2020/NĐ-CP", "")],
    },
    {
        "category": C.BORDER_ECOMMERCE,
        "sub": "Hàng cư dân biên giới",
        "vi": (
            ["Mua gom hàng cư dân biên giới", "Doanh nghiệp mua hàng cư dân biên giới để bán lại"],
            "Doanh nghiệp có được mua gom hàng hóa trao đổi của cư dân biên giới qua cửa khẩu {gate} để kinh doanh "
            "không và khai loại hình nào?",
        ),
        "en": None,
        "hs": FRUIT,
        "answer_vi": "Hàng hóa mua gom từ cư dân biên giới vượt định mức hoặc dùng để kinh doanh phải làm thủ tục nhập "
        "khẩu và nộp thuế như hàng nhập khẩu thương mại.",
        "cites": [("14/2018/NĐ-CP", ""), ("1357/QĐ-TCHQ", "")],
    },
    {
        "category": C.BORDER_ECOMMERCE,
        "sub": "Hàng chuyển phát nhanh",
        "vi": (
            ["Hàng chuyển phát nhanh trị giá thấp có được miễn thuế?", "Miễn thuế hàng CPN giá trị nhỏ"],
            "Hàng chuyển phát nhanh trị giá thấp có được miễn thuế nhập khẩu không?",
        ),
        "en": None,
        "hs": None,
        "answer_vi": "Hàng gửi qua dịch vụ chuyển phát nhanh có trị giá hải quan dưới mức theo quy định của Chính phủ "
        "được miễn thuế; mức miễn và đối tượng áp dụng thực hiện theo văn bản hiện hành.",
        "cites": [("134/2016/NĐ-CP", "Điều 29"), ("08/2015/NĐ-CP", "")],
    },
    {
        "category": C.BORDER_ECOMMERCE,
        "sub": "Xuất khẩu nông sản qua biên giới",
        "vi": (
            ["Thủ tục xuất khẩu trái cây qua cửa khẩu {gate}", "Khai báo xuất khẩu nông sản qua biên giới"],
            "Công ty xuất khẩu trái cây (mã {hs}) qua cửa khẩu {gate}. Cần giấy tờ gì và có được làm thủ tục tại cửa "
            "khẩu phụ không?",
        ),
        "en": None,
        "hs": FRUIT,
        "answer_vi": "Hàng xuất khẩu qua cửa khẩu phụ, lối mở thực hiện theo danh mục cửa khẩu được phép; hồ sơ gồm tờ "
        "khai, hợp đồng và giấy chứng nhận kiểm dịch thực vật theo yêu cầu của nước nhập khẩu.",
        "cites": [("14/2018/NĐ-CP", ""), ("38/2015/TT-BTC", "Điều 16")],
    },
    {
        "category": C.OTHER,
        "sub": "Làm thủ tục ngoài giờ",
        "vi": (
            ["Đề nghị làm thủ tục ngoài giờ mùa vụ", "Kéo dài thời gian làm việc tại cửa khẩu {gate}"],
            "Vào mùa thu hoạch, cửa khẩu {gate} có thể kéo dài thời gian làm việc để thông quan nông sản xuất khẩu "
            "không?",
        ),
        "en": None,
        "hs": None,
        "answer_vi": "Chi cục đã phối hợp với lực lượng chức năng tại cửa khẩu bố trí công chức làm thủ tục ngoài giờ, "
        "ngày nghỉ khi doanh nghiệp có đề nghị trước; thông tin được thông báo công khai tại cửa khẩu.",
        "cites": [("54/2014/QH13", "Điều 23")],
    },
    {
        "category": C.OTHER,
        "sub": "Kiến nghị chung",
        "vi": (
            ["Đề nghị tổ chức tập huấn quy định mới", "Kiến nghị hướng dẫn thủ tục cho doanh nghiệp mới"],
            "Doanh nghiệp mới thành lập đề nghị Chi cục tổ chức hướng dẫn thủ tục hải quan cơ bản và quy định mới năm "
            "{year}.",
        ),
        "en": None,
        "hs": None,
        "answer_vi": "Chi cục ghi nhận đề nghị và sẽ mời doanh nghiệp tham dự hội nghị phổ biến quy định mới; tài liệu "
        "hướng dẫn được đăng trên cổng thông tin của Chi cục.",
        "cites": [("54/2014/QH13", "")],
    },
]

OPENERS_VI = ["", "Công ty chúng tôi xin hỏi: ", "Kính gửi Chi cục, ", "Doanh nghiệp có vướng mắc như sau: "]
CLOSERS_VI = ["", " Kính đề nghị Chi cục hướng dẫn.", " Xin cảm ơn.", " Mong sớm nhận được trả lời."]
OPENERS_EN = ["", "Dear Sir or Madam, ", "Could you please advise: "]
CLOSERS_EN = ["", " Thank you.", " We look forward to your guidance."]
GATES = ["Hữu Nghị", "Tân Thanh", "Chi Ma", "Cốc Nam", "ga Đồng Đăng"]
INFO_REQUESTS = {
    "vi": [
        "Đề nghị doanh nghiệp cung cấp catalogue, tài liệu kỹ thuật của mặt hàng.",
        "Đề nghị doanh nghiệp gửi bản chụp hợp đồng, hóa đơn thương mại và tờ khai liên quan.",
        "Đề nghị doanh nghiệp nêu rõ số tờ khai và thời điểm phát sinh vướng mắc.",
    ],
    "en": [
        "Please send the catalogue and technical documents of the goods.",
        "Please send copies of the contract, commercial invoice and the related declaration.",
        "Please state the declaration number and when the problem arose.",
    ],
}
REPLIES = {
    "vi": ["Công ty gửi bổ sung tài liệu như đề nghị.", "Gửi kèm hợp đồng và hóa đơn; số tờ khai như đã nêu."],
    "en": ["Please find the requested documents attached.", "We have uploaded the contract and invoice as requested."],
}
INTERIM = {
    "vi": "Chi cục đã báo cáo xin ý kiến {body}; sẽ trả lời doanh nghiệp ngay khi có ý kiến hướng dẫn.",
    "en": "The branch has referred your question to {body} and will answer as soon as guidance is received.",
}
ESCALATION_BODIES = [
    (EscalationLevel.DEPARTMENT, ""),
    (EscalationLevel.DEPARTMENT, ""),
    (EscalationLevel.MINISTRY, ""),
    (EscalationLevel.OTHER_AGENCY, "Bộ Công Thương"),
]
NOTES = [
    "Đã gọi điện cho doanh nghiệp để làm rõ nội dung.",
    "Trường hợp tương tự đã trả lời cho doanh nghiệp khác, tham khảo khi soạn.",
    "Cần xin ý kiến Đội Nghiệp vụ trước khi trả lời.",
]
RETURN_NOTES = ["Bổ sung căn cứ pháp lý cụ thể đến khoản.", "Viết lại đoạn cuối cho rõ thời hạn."]
EXTENSION_REASONS = ["Cần trao đổi với đơn vị chuyên môn về thực tiễn áp dụng.", "Chờ kết quả phân tích mẫu."]
REOPEN_REASONS = {
    "vi": ["Đề nghị làm rõ thêm trường hợp hàng đã thông quan.", "Câu trả lời chưa nêu thời hạn cụ thể."],
    "en": ["Please clarify the case of goods already cleared.", "The answer does not say which deadline applies."],
}
CLARIFICATION = {
    "vi": "Bổ sung: trường hợp hàng hóa đã thông quan, doanh nghiệp thực hiện theo hướng dẫn trên trong thời hạn "
    "quy định và liên hệ công chức đầu mối nếu cần hỗ trợ thêm.",
    "en": "In addition: for goods already cleared, follow the guidance above within the time limit and contact the "
    "officer in charge if you need further help.",
}
LOW_COMMENTS = {
    "vi": ["Trả lời còn chung chung.", "Thời gian trả lời lâu.", "Cần hướng dẫn cụ thể hơn cho trường hợp công ty."],
    "en": ["The answer is too general.", "It took too long.", "Please address our specific case."],
}
HIGH_COMMENTS = {"vi": ["Cảm ơn Chi cục đã hướng dẫn nhanh.", "Rõ ràng, dễ thực hiện."], "en": ["Clear and quick."]}
# Where questions come from (weights), and which channels send an official letter back.
CHANNEL_WEIGHTS = [
    (CH.PORTAL, 26),
    (CH.EMAIL, 18),
    (CH.HOTLINE, 16),
    (CH.OFFICIAL_LETTER, 12),
    (CH.SOCIAL_GROUP, 9),
    (CH.CONFERENCE_FLOOR, 6),
    (CH.CONFERENCE_ADVANCE, 4),
    (CH.IN_PERSON, 5),
    (CH.VC_PROGRAMME, 4),
]
WRITTEN = {CH.OFFICIAL_LETTER, CH.EMAIL, CH.PORTAL, CH.VC_PROGRAMME, CH.CONFERENCE_ADVANCE}
SCORES = [(5, 55), (4, 28), (3, 9), (2, 5), (1, 3)]


# The life of one question ---------------------------------------------------------------------------------------


@dataclass
class Spec:
    """One question to insert: what was asked, and (after `_Life.run`) its state, answers, events and rating rows."""

    received_at: datetime
    topic: dict
    lang: str
    channel: str
    branch: Branch
    region: str
    enterprise_id: int | None
    contact_id: int | None
    portal_user: User | None
    plan: dict = field(default_factory=dict)
    reference: str = ""
    obj: Question | None = None
    answers: list = field(default_factory=list)  # [(Answer, [Citation])]
    events: list = field(default_factory=list)
    ratings: list = field(default_factory=list)  # [(answer index, Rating)]
    merged_into: "Spec | None" = None
    answered_from: "Spec | None" = None
    final_at: datetime | None = None  # when its (final) answer was sent, for reuse from the bank
    vc: bool = False  # a voluntary-compliance member asked: to be forwarded within 24 hours


@dataclass
class Cast:
    """The demo people and places the questions use."""

    officers: dict  # region code -> the officer who drafts
    managers: dict  # region code -> the manager who reviews (None: no demo login)
    documents: dict  # number -> LegalDocument
    calendar: "_WorkingDays"
    policies: dict
    now: datetime
    letters: dict = field(default_factory=lambda: defaultdict(int))


def seed_questions(*, now: datetime | None = None, count: int | None = None) -> int:
    """Load the legal documents, the deadline policies and `count` questions (QUESTION_COUNT, plus ent_a's); returns
    how many questions it added (0 when the questions are there already, or Region V or its demo officer is missing)."""
    now = now or timezone.now()
    count = QUESTION_COUNT if count is None else count
    manager = User.objects.filter(username="r5_manager").first()
    documents = _legal_documents(manager)
    policies = _deadline_policies()
    region5 = Branch.objects.filter(code="KV05").first()
    officer = User.objects.filter(username="r5_officer").first()
    if region5 is None or officer is None or Question.objects.filter(conference__isnull=True).exists():
        return 0
    region6 = Branch.objects.filter(code="KV06").first()
    cast = Cast(
        officers={"KV05": officer, "KV06": User.objects.filter(username="r6_officer").first()},
        managers={"KV05": manager, "KV06": None},
        documents=documents,
        calendar=_WorkingDays(Calendar(), now),
        policies=policies,
        now=now,
    )
    rng = random.Random(5)
    specs = _specs(rng, cast, [b for b in (region5, region6) if b is not None], count)
    _number(specs)
    by_topic: dict[str, list[Spec]] = defaultdict(list)
    for spec in specs:
        _Life(rng, cast, spec, by_topic[spec.topic["sub"]]).run()
        by_topic[spec.topic["sub"]].append(spec)
    _insert(specs)
    return len(specs)


class _WorkingDays:
    """crm.workdays.Calendar with the demo's date range counted once: `add` and `between` become look-ups (the seed
    asks them some 40,000 times). Outside the range it asks the calendar."""

    def __init__(self, calendar: Calendar, now: datetime):
        self.calendar = calendar
        self.first = timezone.localdate(now) - timedelta(days=round(MONTHS * 30.4) + 10)
        self.counts: list[int] = []  # working days in (first, first + i]
        self.days: list[date] = []  # the working days after `first`, in order
        day = self.first
        for _ in range(round(MONTHS * 30.4) + 10 + 400):
            if day != self.first and calendar.is_working_day(day):
                self.days.append(day)
            self.counts.append(len(self.days))
            day += timedelta(days=1)

    def _index(self, day: date) -> int | None:
        index = (day - self.first).days
        return index if 0 <= index < len(self.counts) else None

    def is_working_day(self, day: date) -> bool:
        return self.calendar.is_working_day(day)

    def add(self, start: date, days: int) -> date:
        index = self._index(start)
        if days == 0:
            return start
        if index is not None and self.counts[index] + days - 1 < len(self.days):
            return self.days[self.counts[index] + days - 1]
        return self.calendar.add(start, days)

    def between(self, start: date, end: date) -> int:
        if end <= start:
            return 0
        first, last = self._index(start), self._index(end)
        if first is None or last is None:
            return self.calendar.between(start, end)
        return self.counts[last] - self.counts[first]


def _legal_documents(by) -> dict[str, LegalDocument]:
    documents = {d.number: d for d in LegalDocument.objects.all()}
    for number, doc_type, title, issuer, issued_on, effective_from, amended_by, status in LEGAL_DOCUMENTS:
        if number in documents or by is None:
            continue
        fields = {"amended_by": documents.get(amended_by)} if amended_by else {}
        if status:
            fields["status"] = status
        documents[number] = legal_services.create_legal_document(
            by=by,
            number=number,
            doc_type=doc_type,
            title=title,
            issuer=issuer,
            issued_on=issued_on,
            effective_from=effective_from,
            **fields,
        )
    return documents


def _deadline_policies() -> dict[tuple[str, str], tuple[int, int]]:
    existing = {(p.category, p.priority) for p in DeadlinePolicy.objects.all()}
    DeadlinePolicy.objects.bulk_create(
        DeadlinePolicy(category=category, priority=priority, working_days=days, internal_working_days=internal)
        for category, priority, days, internal in DEADLINE_POLICIES
        if (category, priority) not in existing
    )
    return {(p.category, p.priority): (p.working_days, p.internal_working_days) for p in DeadlinePolicy.objects.all()}


def _policy(cast: Cast, category: str, priority: str) -> tuple[int, int]:
    """dialogues.services.questions.deadline_policy without a query per question."""
    for key in ((category, priority), (category, ""), ("", priority), ("", "")):
        if key in cast.policies:
            return cast.policies[key]
    return tuple(settings.QUESTION_DEFAULT_WORKING_DAYS.get(priority, (10, 7)))


# Who asks what, when ---------------------------------------------------------------------------------------------


def _specs(rng: random.Random, cast: Cast, regions: list[Branch], count: int) -> list[Spec]:
    subtree = Q()
    for region in regions:
        subtree |= Q(managing_branch__path__startswith=region.path)
    enterprises = list(
        Enterprise.objects.filter(subtree, status=EnterpriseStatus.ACTIVE, deactivated_at__isnull=True)
        .select_related("managing_branch")
        .order_by("tax_code")
    )
    contacts = defaultdict(list)
    for contact in Contact.objects.filter(enterprise__in=enterprises, is_active=True).order_by("pk"):
        contacts[contact.enterprise_id].append(contact)
    portal = {
        m.enterprise_id: m
        for m in PortalMembership.objects.select_related("user").filter(enterprise__in=enterprises).order_by("pk")
    }
    context = _Context(rng, cast, {b.code: b for b in regions}, contacts, portal, _vc_members())
    ent_a = next((e for e in enterprises if e.tax_code == PORTAL_TAX_CODE), None)
    pool = [e for e in enterprises if e is not ent_a]
    weights = [3 if e.ownership.startswith("fdi") else 1 for e in pool]
    start = cast.now - timedelta(days=round(MONTHS * 30.4))
    channels, channel_weights = zip(*CHANNEL_WEIGHTS, strict=True)
    specs = []
    for _ in range(count):
        # Denser in recent months (the branch's channels are better known every year).
        moment = _office_hours(rng, cast.now - (cast.now - start) * (rng.random() ** 1.15))
        if moment >= cast.now:
            moment = cast.now - timedelta(minutes=rng.randint(5, 600))
        channel = rng.choices(channels, channel_weights)[0]
        anonymous = rng.random() < (0.3 if channel in (CH.HOTLINE, CH.SOCIAL_GROUP) else 0.0)
        enterprise = None if anonymous else rng.choices(pool, weights)[0]
        specs.append(context.spec(moment, channel, enterprise))
    if ent_a is not None:
        specs += _ent_a_specs(context, ent_a)
    specs.sort(key=lambda s: s.received_at)
    return specs


def _vc_members() -> set[int]:
    from partnerships.models import Enrolment, EnrolmentStatus, ProgrammeKind

    return set(
        Enrolment.objects.filter(
            programme__kind=ProgrammeKind.VOLUNTARY_COMPLIANCE, status=EnrolmentStatus.ACTIVE
        ).values_list("enterprise_id", flat=True)
    )


def _office_hours(rng: random.Random, moment: datetime) -> datetime:
    """Most questions arrive in office hours on weekdays; some in the evening (email, portal, social groups)."""
    day = timezone.localdate(moment)
    if rng.random() < 0.9:
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        hour = rng.choice([7, 8, 8, 9, 9, 10, 10, 11, 13, 14, 14, 15, 15, 16])
    else:
        hour = rng.randint(18, 22)
    return timezone.make_aware(datetime.combine(day, time(hour, rng.randrange(60))))


@dataclass
class _Context:
    rng: random.Random
    cast: Cast
    roots: dict  # region code -> Branch
    contacts: dict  # enterprise id -> [Contact]
    portal: dict  # enterprise id -> PortalMembership
    vc_members: set

    def spec(self, moment, channel, enterprise, *, topic=None, lang=None) -> Spec:
        rng = self.rng
        region = next(
            (
                code
                for code, root in self.roots.items()
                if enterprise is not None and enterprise.managing_branch.path.startswith(root.path)
            ),
            None,
        )
        if region is None:
            region = "KV06" if "KV06" in self.roots and rng.random() < 0.12 else "KV05"
        branch = self.roots[region]
        conference = channel in (CH.CONFERENCE_ADVANCE, CH.CONFERENCE_FLOOR)
        if enterprise is not None and not conference and (channel in (CH.PORTAL, CH.IN_PERSON) or rng.random() < 0.2):
            branch = enterprise.managing_branch  # the portal sends a question to the enterprise's managing unit
        if enterprise is None and channel == CH.PORTAL:
            channel = CH.HOTLINE
        topic = topic or rng.choice(TOPICS)
        if lang is None:
            fdi = enterprise is not None and enterprise.ownership.startswith("fdi")
            lang = "en" if topic["en"] and fdi and rng.random() < 0.4 else "vi"
        membership = self.portal.get(enterprise.pk) if enterprise is not None else None
        portal_user = membership.user if membership is not None and channel == CH.PORTAL else None
        contact = None
        if portal_user is not None:
            contact = membership.contact
        elif enterprise is not None and self.contacts.get(enterprise.pk):
            contact = rng.choice(self.contacts[enterprise.pk])
        spec = Spec(
            received_at=moment,
            topic=topic,
            lang=lang,
            channel=channel,
            branch=branch,
            region=region,
            enterprise_id=enterprise.pk if enterprise is not None else None,
            contact_id=contact.pk if contact is not None else None,
            portal_user=portal_user,
        )
        spec.vc = enterprise is not None and enterprise.pk in self.vc_members
        return spec


def _ent_a_specs(context: _Context, ent_a) -> list[Spec]:
    """ent_a's questions, in the states the demo portal shows (received N working days ago, with a fixed plan)."""
    cast = context.cast
    topics = {t["sub"]: t for t in TOPICS}
    plans = [
        # (working days ago, hour, topic, language, channel, plan)
        (150, 9, "Linh kiện hay sản phẩm hoàn chỉnh", "en", CH.PORTAL, {"answer_day": 6, "score": 5, "close": True}),
        (85, 10, "Báo cáo quyết toán", "vi", CH.EMAIL, {"answer_day": 4, "score": 4, "close": True}),
        (84, 14, "Báo cáo quyết toán", "vi", CH.HOTLINE, {"merge": True}),
        (210, 9, "Khai bổ sung", "vi", CH.PORTAL, {"bank": True, "score": 5, "close": True}),
        (
            6,
            9,
            "Sai sót trên C/O",
            "en",
            CH.PORTAL,
            {"answer_day": 4, "approve_after": 0, "score": None, "close": False},
        ),
        (4, 10, "Phí bản quyền", "en", CH.PORTAL, {"info": 2, "reply": None}),
        (3, 11, "Khai bổ sung", "vi", CH.PORTAL, {"answer_day": 9, "draft_day": 1}),
        (5, 15, "Bán phế liệu của DNCX", "vi", CH.PORTAL, {"answer_day": 5, "approve_after": 4}),
        (0, 8, "Lỗi VNACCS, nộp thuế điện tử", "vi", CH.PORTAL, {"stop": S.RECEIVED}),
        (25, 9, "Miễn thuế tạo tài sản cố định", "en", CH.PORTAL, {"escalate": 3, "escalation_wait": 400}),
        (12, 9, "Thay đổi mục đích sử dụng", "vi", CH.PORTAL, {"answer_day": 3, "reopen": 40}),
    ]
    specs = []
    today = timezone.localdate(cast.now)
    for ago, hour, sub, lang, channel, plan in plans:
        day = today
        for _ in range(ago):
            day -= timedelta(days=1)
            while not cast.calendar.is_working_day(day):
                day -= timedelta(days=1)
        moment = min(timezone.make_aware(datetime.combine(day, time(hour, 5))), cast.now - timedelta(minutes=30))
        spec = context.spec(moment, channel, ent_a, topic=topics[sub], lang=lang)
        spec.plan = {"info": 0, "ret": False, "late": False, "triage": True, **plan}
        specs.append(spec)
    return specs


def _number(specs: list[Spec]) -> None:
    """References VM-YYYY-NNNNNN in order of receipt, after the last number already given in each year."""
    years = {timezone.localdate(s.received_at).year for s in specs}
    last = dict(QuestionSequence.objects.filter(year__in=years).values_list("year", "last"))
    for spec in specs:
        year = timezone.localdate(spec.received_at).year
        last[year] = last.get(year, 0) + 1
        spec.reference = f"VM-{year}-{last[year]:06d}"
    for year, number in last.items():
        QuestionSequence.objects.update_or_create(year=year, defaults={"last": number})


# Living through the plan -----------------------------------------------------------------------------------------


def _text(rng: random.Random, spec: Spec) -> tuple[str, str, list[str], list[str]]:
    topic, lang = spec.topic, spec.lang
    titles, body = topic["en"] if lang == "en" else topic["vi"]
    hs = rng.sample(topic["hs"], k=rng.choice([1, 1, 2])) if topic["hs"] else []
    declarations = []
    if topic.get("decl"):
        prefix = rng.choice(["104", "105", "106", "305", "306"])  # VNACCS: 10… imports, 30… exports
        declarations = [f"{prefix}{rng.randrange(10**9):09d}" for _ in range(rng.choice([1, 1, 1, 2]))]
    received = timezone.localdate(spec.received_at)
    values = {
        "hs": ", ".join(_dotted(code) for code in hs),
        "decl": ", ".join(declarations),
        "year": received.year - (1 if received.month <= 4 else 0),
        "gate": rng.choice(GATES),
    }
    openers, closers = (OPENERS_EN, CLOSERS_EN) if lang == "en" else (OPENERS_VI, CLOSERS_VI)
    opener, text = rng.choice(openers), body.format(**values)
    if opener.endswith(", "):
        text = text[0].lower() + text[1:]
    text = opener + text + rng.choice(closers)
    return rng.choice(titles).format(**values), text, hs, declarations


def _dotted(code: str) -> str:
    """85177100 → 8517.71.00, as people write HS codes."""
    return ".".join([code[:4], *(code[i : i + 2] for i in range(4, len(code), 2))])


def _random_plan(rng: random.Random, cast: Cast, spec: Spec) -> dict:
    priority = rng.choices(list(QuestionPriority), [85, 12, 3])[0]
    days, _internal = _policy(cast, spec.topic["category"], priority)
    late = rng.random() < 0.09
    plan = {
        "priority": priority,
        "triage": rng.random() < 0.7,
        "info": rng.choice([1, 2, 3]) if rng.random() < 0.1 else 0,
        "ret": rng.random() < 0.08,
        "late": late,
        "answer_day": days + rng.randint(1, 6) if late else rng.randint(min(2, days - 1), days - 1),
    }
    if plan["info"] and cast.now - spec.received_at < timedelta(days=60) and rng.random() < 0.3:
        plan["reply"] = None  # the enterprise has not replied yet
    kind = rng.choices(["normal", "bank", "merge", "escalate", "reopen", "stalled"], [83, 6, 3, 4, 3.5, 0.5])[0]
    if kind == "bank":
        plan["bank"] = True
    elif kind == "merge":
        plan["merge"] = True
    elif kind == "escalate":
        plan["escalate"] = rng.randint(1, 4)
        plan["escalation_wait"] = rng.randint(10, 60)
    elif kind == "reopen":
        plan["reopen"] = rng.randint(3, 12)  # working days to answer again
    elif kind == "stalled":
        plan["stalled"] = True  # drafted and forgotten: overdue
    return plan


class _Life:
    """Carries out a question's plan step by step; a step that falls after `now` ends it (the question stays in the
    state it reached). Mirrors what dialogues.services.questions writes for each move."""

    def __init__(self, rng: random.Random, cast: Cast, spec: Spec, earlier: list[Spec]):
        self.rng, self.cast, self.spec, self.earlier = rng, cast, spec, earlier
        self.plan = spec.plan or _random_plan(rng, cast, spec)
        self.cal = cast.calendar
        self.received = timezone.localdate(spec.received_at)
        self.officer, self.manager = cast.officers[spec.region], cast.managers[spec.region]
        self.reviewer = self.manager or self.officer
        self.last = spec.received_at
        self.days: dict[int, date] = {}

    # Time -------------------------------------------------------------------------------------------------------

    def day(self, n: int) -> date:
        if n not in self.days:
            self.days[n] = self.cal.add(self.received, max(n, 0))
        return self.days[n]

    def at(self, n: int, first_hour: int = 8, last_hour: int = 16) -> datetime:
        """Working day `n` after receipt in office hours, never before the previous step."""
        hour = self.rng.randint(first_hour, last_hour)
        moment = timezone.make_aware(datetime.combine(self.day(n), time(hour, self.rng.randrange(60))))
        return moment if moment > self.last else self.last + timedelta(minutes=self.rng.randint(10, 90))

    def day_of(self, moment: datetime) -> int:
        return self.cal.between(self.received, timezone.localdate(moment))

    def happens(self, moment: datetime | None) -> bool:
        stop = self.plan.get("stop")
        return moment is not None and moment <= self.cast.now and not (stop and self.q.status == stop)

    # Writes ------------------------------------------------------------------------------------------------------

    def event(self, at, kind, *, by, text="", old="", new="", public=False) -> None:
        public = public or kind in (EventKind.RECEIVED, EventKind.INFO_REQUESTED, EventKind.ENTERPRISE_REPLY)
        self.spec.events.append(
            QuestionEvent(at=at, by=by, kind=kind, from_status=old, to_status=new, text=text, public=public)
        )
        self.last = max(self.last, at)

    def status(self, at, new, *, by, text="", public=False) -> None:
        self.event(at, EventKind.STATUS, by=by, old=self.q.status, new=new, text=text, public=public)
        self.q.status, self.q.updated_at, self.q.updated_by = new, at, by

    def deadlines(self) -> None:
        q = self.q
        extra = q.paused_working_days
        q.due_on = self.cal.add(self.received, q.allowed_working_days + q.extension_days + extra)
        q.internal_due_on = self.cal.add(self.received, q.internal_working_days + extra)

    def first_response(self, at) -> None:
        if self.q.first_response_at is None:
            self.q.first_response_at = at
            self.q.first_response_working_days = self.day_of(at)

    def extend(self, at, days: int) -> None:
        q = self.q
        q.extension_days = min(max(days, 1), settings.QUESTION_MAX_EXTENSION_DAYS)
        q.extension_reason = self.rng.choice(EXTENSION_REASONS)
        self.deadlines()
        self.event(at, EventKind.EXTENDED, by=self.officer, text=q.extension_reason, public=True)

    def answered(self, at, by) -> None:
        q = self.q
        self.first_response(at)
        if q.answered_at is None:
            q.answer_working_days = max(self.day_of(at) - q.paused_working_days, 0)
            q.answered_on_time = q.due_on is None or timezone.localdate(at) <= q.due_on
            q.answered_at = at
        q.paused_at = None
        self.spec.final_at = self.spec.final_at or at
        self.status(at, S.ANSWERED, by=by, public=True)

    def approve(self, answer: Answer, at) -> None:
        answer.status, answer.reviewed_by, answer.reviewed_at, answer.sent_at = (
            AnswerStatus.APPROVED,
            self.manager,
            at,
            at,
        )
        self.letter(answer, at)

    def letter(self, answer: Answer, at) -> None:
        """Written answers go out with an official letter number (always for a question that came by letter)."""
        channel = self.spec.channel
        if channel == CH.OFFICIAL_LETTER or (channel in WRITTEN and self.rng.random() < 0.5):
            answer.letter_number, answer.letter_date = _letter(self.cast, self.spec, at), timezone.localdate(at)

    # The plan ----------------------------------------------------------------------------------------------------

    def run(self) -> None:
        spec, plan, rng = self.spec, self.plan, self.rng
        topic = spec.topic
        priority = plan.get("priority", QuestionPriority.NORMAL)
        days, internal = _policy(self.cast, topic["category"], priority)
        title, body, hs, declarations = _text(rng, spec)
        intake = spec.portal_user or (None if spec.channel == CH.PORTAL else self.officer)
        self.q = q = Question(
            reference=spec.reference,
            branch=spec.branch,
            enterprise_id=spec.enterprise_id,
            contact_id=spec.contact_id,
            channel=spec.channel,
            title=title[:255],
            body=body,
            category=topic["category"],
            subcategory=topic["sub"],
            priority=priority,
            hs_codes=hs,
            declaration_numbers=declarations,
            status=S.RECEIVED,
            received_at=spec.received_at,
            submitted_by=intake,
            allowed_working_days=days,
            internal_working_days=internal,
            created_by=intake,
            updated_by=intake,
            created_at=spec.received_at,
            updated_at=spec.received_at,
        )
        spec.obj = q
        if spec.enterprise_id is None:
            q.asker_name = rng.choice(["Anh Minh", "Chị Hằng", "Anh Tuấn", "Chị Lan", "Mr. Kim", "Ms. Chen"])
            q.asker_phone = f"+84 9{rng.randint(10, 89)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
        if spec.vc:
            q.forward_due_at = spec.received_at + timedelta(hours=settings.QUESTION_VC_FORWARD_HOURS)
        self.deadlines()
        self.event(spec.received_at, EventKind.RECEIVED, by=intake, text=str(QuestionChannel(q.channel).label))
        self.steps()
        q.updated_at = max(q.updated_at, self.last)

    def steps(self) -> None:
        spec, plan, rng, q = self.spec, self.plan, self.rng, self.q
        d = 0 if timezone.localtime(spec.received_at).hour < 15 else 1
        if plan.get("triage", True):
            at = self.at(d)
            if not self.happens(at):
                return
            self.status(at, S.TRIAGED, by=self.reviewer)
        if plan.get("merge") and self.merge(d):
            return
        if plan.get("bank") and self.from_bank(d):
            return
        at = self.at(d + rng.randint(0, 1))
        if not self.happens(at):
            return
        q.assigned_unit = spec.branch
        q.assignee = self.officer if spec.branch.code == spec.region else None  # offices have no demo officer
        q.assigned_at = at
        self.status(at, S.ASSIGNED, by=self.reviewer)
        if rng.random() < 0.2:
            self.event(at + timedelta(minutes=20), EventKind.NOTE, by=self.officer, text=rng.choice(NOTES))
        d = self.day_of(at)
        if plan.get("info"):
            d = self.request_info(d + plan["info"] - 1)
            if d is None:
                return
        if plan.get("escalate"):
            d = self.escalate(d + plan["escalate"])
            if d is None:
                return
        self.draft_and_answer(d)

    def merge(self, d: int) -> bool:
        spec = self.spec
        candidates = [s for s in reversed(self.earlier) if s.merged_into is None and s.region == spec.region]
        into = next((s for s in candidates if s.enterprise_id == spec.enterprise_id), None)
        into = into or next(iter(candidates), None)
        at = self.at(d, 9)
        if into is None or not self.happens(at):
            return False
        by = self.reviewer
        self.status(at, S.CLOSED, by=by, public=True)
        self.q.closed_at = at
        spec.merged_into = into
        self.event(at, EventKind.MERGED, by=by, text=into.reference)
        into.events.append(QuestionEvent(at=at, by=by, kind=EventKind.MERGED, text=spec.reference, public=False))
        return True

    def from_bank(self, d: int) -> bool:
        spec = self.spec
        source = next((s for s in reversed(self.earlier) if s.final_at and s.final_at < spec.received_at), None)
        at = self.at(d + self.rng.randint(0, 1), 9)
        if source is None or not self.happens(at):
            return False
        original, cited = next((a, c) for a, c in reversed(source.answers) if a.kind == AnswerKind.FINAL and a.sent_at)
        answer, citations = _answer(spec, self.officer, at, original.body, AnswerStatus.APPROVED)
        answer.reviewed_by, answer.reviewed_at, answer.sent_at = self.officer, at, at
        self.letter(answer, at)
        citations.extend(Citation(document=c.document, article=c.article) for c in cited)
        spec.answered_from = source
        self.q.answer_source = AnswerSource.BANK
        self.answered(at, self.officer)
        self.rate_and_close(at)
        return True

    def request_info(self, d: int) -> int | None:
        """Ask the enterprise; the clock stops until it replies. Returns the day work resumes (None: still waiting)."""
        q, rng, lang = self.q, self.rng, self.spec.lang
        at = self.at(d, 9)
        if not self.happens(at):
            return None
        self.first_response(at)
        q.resume_status, q.paused_at = q.status, at
        self.status(at, S.AWAITING_ENTERPRISE, by=self.officer, public=True)
        self.event(at, EventKind.INFO_REQUESTED, by=self.officer, text=rng.choice(INFO_REQUESTS[lang]), public=True)
        wait = self.plan.get("reply", rng.randint(1, 5))
        reply_at = None if wait is None else self.at(self.day_of(at) + wait, 8, 17)
        if not self.happens(reply_at):
            return None
        q.paused_working_days += self.cal.between(timezone.localdate(at), timezone.localdate(reply_at))
        q.paused_at = None
        self.deadlines()
        by = self.spec.portal_user or self.officer  # staff record a reply received by phone or letter
        self.event(reply_at, EventKind.ENTERPRISE_REPLY, by=by, text=rng.choice(REPLIES[lang]), public=True)
        self.status(reply_at, q.resume_status, by=by, public=True)
        q.resume_status = ""
        return self.day_of(reply_at)

    def escalate(self, d: int) -> int | None:
        q, rng, lang = self.q, self.rng, self.spec.lang
        at = self.at(d, 9)
        if not self.happens(at):
            return None
        level, body_name = rng.choice(ESCALATION_BODIES)
        label = body_name or str(EscalationLevel(level).label)
        receiver = label if lang == "en" else _vi_body(level, body_name)
        self.first_response(at)
        interim, _citations = _answer(
            self.spec, self.officer, at, INTERIM[lang].format(body=receiver), AnswerStatus.APPROVED, AnswerKind.INTERIM
        )
        interim.reviewed_by, interim.reviewed_at, interim.sent_at = self.officer, at, at
        q.escalated_to, q.escalated_to_name, q.escalated_at = level, body_name, at
        self.status(at, S.ESCALATED, by=self.officer, text=label, public=True)
        if rng.random() < 0.6:
            self.extend(at + timedelta(minutes=5), rng.randint(5, settings.QUESTION_MAX_EXTENSION_DAYS))
        return self.day_of(at) + self.plan.get("escalation_wait", rng.randint(10, 60))

    def draft_and_answer(self, d: int) -> None:
        spec, plan, rng, q = self.spec, self.plan, self.rng, self.q
        topic, lang = spec.topic, spec.lang
        answer_day = max(plan.get("answer_day", 1) + q.paused_working_days, d + 1)
        if plan.get("late") and not q.extension_days and rng.random() < 0.3:
            at = self.at(max(d, answer_day - 3), 9)  # the officer sees it coming and extends the deadline once
            if not self.happens(at):
                return
            overdue_by = answer_day - q.allowed_working_days - q.paused_working_days
            if overdue_by > 0:
                self.extend(at, overdue_by + 1)
        at = self.at(plan.get("draft_day", max(d, answer_day - 2)))
        if not self.happens(at):
            return
        self.status(at, S.DRAFTING, by=self.officer)
        text = topic["answer_en"] if lang == "en" and topic.get("answer_en") else topic["answer_vi"]
        draft, _citations = _answer(spec, self.officer, at, text, AnswerStatus.DRAFT, cast=self.cast)
        if plan.get("stalled"):
            return
        at = self.at(max(self.day_of(at), answer_day - 1), 8, 17)
        if not self.happens(at):
            return
        draft.status = AnswerStatus.SUBMITTED
        self.status(at, S.PENDING_APPROVAL, by=self.officer)
        if plan.get("ret"):
            at = self.at(self.day_of(at) + 1, 8, 17)
            if not self.happens(at):
                return
            note = rng.choice(RETURN_NOTES)
            draft.status, draft.reviewed_by, draft.reviewed_at, draft.review_note = (
                AnswerStatus.RETURNED,
                self.manager,
                at,
                note,
            )
            self.status(at, S.DRAFTING, by=self.reviewer, text=note)
            at = self.at(self.day_of(at) + rng.randint(0, 1), 8, 17)
            if not self.happens(at):
                return
            draft, _citations = _answer(spec, self.officer, at, text, AnswerStatus.SUBMITTED, cast=self.cast)
            self.status(at, S.PENDING_APPROVAL, by=self.officer)
        at = self.at(self.day_of(at) + plan.get("approve_after", rng.choice([0, 0, 1, 1, 2])), 8, 17)
        if not self.happens(at):
            return
        self.approve(draft, at)
        q.answer_source = AnswerSource.DRAFTED
        self.answered(at, self.reviewer)
        if plan.get("reopen"):
            at = self.reopen_and_answer(at, text)
            if at is None:
                return
        self.rate_and_close(at)

    def reopen_and_answer(self, sent_at, text) -> datetime | None:
        """The enterprise rates the answer low and reopens the question; the branch answers again."""
        spec, rng, lang, q = self.spec, self.rng, self.spec.lang, self.q
        rated_at = sent_at + timedelta(hours=rng.randint(2, 30))
        if rated_at <= self.cast.now:
            _rating(spec, sent_at, score=2, comment=rng.choice(LOW_COMMENTS[lang]), rated_at=rated_at)
            self.last = max(self.last, rated_at)
        else:
            _rating(spec, sent_at)
        at = self.at(self.day_of(sent_at) + 1, 8, 17)
        if not self.happens(at):
            return None
        q.reopen_count += 1
        self.status(
            at, S.REOPENED, by=spec.portal_user or self.officer, text=rng.choice(REOPEN_REASONS[lang]), public=True
        )
        at = self.at(self.day_of(at) + self.plan["reopen"])
        if not self.happens(at):
            return None
        self.status(at, S.DRAFTING, by=self.officer)
        again, _citations = _answer(
            spec, self.officer, at, f"{text} {CLARIFICATION[lang]}", AnswerStatus.SUBMITTED, cast=self.cast
        )
        self.status(at + timedelta(minutes=30), S.PENDING_APPROVAL, by=self.officer)
        at = self.at(self.day_of(at) + 1, 8, 17)
        if not self.happens(at):
            return None
        self.approve(again, at)
        self.status(at, S.ANSWERED, by=self.reviewer, public=True)
        return at

    def rate_and_close(self, sent_at) -> None:
        spec, plan, rng = self.spec, self.plan, self.rng
        rated_at = sent_at + timedelta(hours=rng.randint(3, 200))
        score = plan["score"] if "score" in plan else _score(rng)
        if score is None or rated_at > self.cast.now:
            _rating(spec, sent_at)
        else:
            comments = LOW_COMMENTS if score <= 3 else HIGH_COMMENTS
            comment = rng.choice(comments[spec.lang]) if score <= 3 or rng.random() < 0.15 else ""
            _rating(spec, sent_at, score=score, comment=comment, rated_at=rated_at)
        if plan.get("close", rng.random() < 0.85):
            at = self.at(self.day_of(sent_at) + rng.randint(2, 15), 8, 17)
            if self.happens(at):
                self.status(at, S.CLOSED, by=self.reviewer, public=True)
                self.q.closed_at = at


def _score(rng: random.Random) -> int | None:
    """Most enterprises rate, most of them well; a quarter never do."""
    if rng.random() < 0.25:
        return None
    scores, weights = zip(*SCORES, strict=True)
    return rng.choices(scores, weights)[0]


def _vi_body(level: str, name: str) -> str:
    return name or {"department": "Cục Hải quan", "ministry": "Bộ Tài chính"}.get(level, "cơ quan có thẩm quyền")


def _letter(cast: Cast, spec: Spec, at: datetime) -> str:
    """The next official letter number of the region this year (other letters of the branch come in between)."""
    key = (spec.region, timezone.localdate(at).year)
    cast.letters[key] += 1 + cast.letters[key] % 3
    return f"{100 + cast.letters[key]}/HQKV{int(spec.region[2:])}-NV"


def _answer(spec: Spec, by, at, body, status, kind=AnswerKind.FINAL, *, cast=None) -> tuple[Answer, list[Citation]]:
    """A new version; open drafts before it are superseded (as dialogues.services.questions._new_version does). With
    `cast`, the topic's legal basis is cited."""
    for answer, _citations in spec.answers:
        if answer.status in (AnswerStatus.DRAFT, AnswerStatus.RETURNED, AnswerStatus.SUBMITTED):
            answer.status = AnswerStatus.SUPERSEDED
    answer = Answer(version=len(spec.answers) + 1, kind=kind, body=body, status=status, drafted_by=by, drafted_at=at)
    citations = []
    if cast is not None:
        documents = cast.documents
        citations = [Citation(document=documents[n], article=a) for n, a in spec.topic["cites"] if n in documents]
    spec.answers.append((answer, citations))
    return answer, citations


def _rating(spec: Spec, sent_at, *, score=None, comment="", rated_at=None) -> None:
    """The rating request of the latest answer (score None: not rated yet)."""
    rating = Rating(expires_at=sent_at + timedelta(days=settings.QUESTION_RATING_LINK_DAYS))
    if score is not None:
        rating.score, rating.comment, rating.rated_at, rating.rated_by = score, comment, rated_at, spec.portal_user
    spec.ratings.append((len(spec.answers) - 1, rating))


# Writing ------------------------------------------------------------------------------------------------------------


@contextmanager
def _stored_timestamps():
    """Let bulk_create keep the historical times we set (auto_now / auto_now_add would stamp them all `now`)."""
    fields = [
        Question._meta.get_field("created_at"),
        Question._meta.get_field("updated_at"),
        Answer._meta.get_field("drafted_at"),
        QuestionEvent._meta.get_field("at"),
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _insert(specs: list[Spec]) -> None:
    with _stored_timestamps():
        Question.objects.bulk_create([s.obj for s in specs], batch_size=500)
        linked = []
        for spec in specs:
            if spec.merged_into or spec.answered_from:
                spec.obj.merged_into = spec.merged_into.obj if spec.merged_into else None
                spec.obj.answered_from = spec.answered_from.obj if spec.answered_from else None
                linked.append(spec.obj)
        Question.objects.bulk_update(linked, ["merged_into", "answered_from"], batch_size=500)
        answers = []
        for spec in specs:
            for answer, _citations in spec.answers:
                answer.question = spec.obj
                answers.append(answer)
        Answer.objects.bulk_create(answers, batch_size=500)
        citations, events, ratings = [], [], []
        for spec in specs:
            for answer, cited in spec.answers:
                for citation in cited:
                    citation.answer = answer
                    citations.append(citation)
            for event in spec.events:
                event.question = spec.obj
                events.append(event)
            for index, rating in spec.ratings:
                rating.question, rating.answer = spec.obj, spec.answers[index][0]
                ratings.append(rating)
        _insert_rows(Citation, citations, ["answer", "document", "article"])
        events.sort(key=lambda e: (e.at, e.question.reference))  # ids in the order things happened
        _insert_rows(
            QuestionEvent, events, ["question", "at", "by", "kind", "from_status", "to_status", "text", "public"]
        )
        Rating.objects.bulk_create(ratings, batch_size=500)


def _insert_rows(model, objects: list, names: list[str]) -> None:
    """A plain multi-row INSERT for the two big tables (some 28,000 events and citations): bulk_create's per-object
    work is most of the seed's time. The values are prepared by the fields as bulk_create would."""
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = [tuple(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields) for obj in objects]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
