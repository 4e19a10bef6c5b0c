"""The demo question bank (manage.py seed_demo, after the demo questions): about 300 published entries of Regions V
and VI in every category, four in ten also in English, with tags, legal basis, views and votes; a few in every other
status (drafts, one returned with a note, one written from an answered question with its identifying details still
flagged, entries in review awaiting the manager, a revision of a live entry, entries needing an update because a
cited circular expired or their review date passed, archived ones), links to the demo questions they answer and
portal users' deflections.

The texts are our own generalised wording of typical questions (no enterprise, tax code or declaration number). A
handful of entries go through dialogues.services.bank (written and submitted by the Region V officer, approved by the
Region V manager); the rest are bulk-inserted with the values the services would have written (the public snapshot
equal to the working texts, classification and legal basis, `search_key`, `live`, the approval and review dates), so
that loading stays fast on SQLite. Deterministic (random.Random(6), dates counted from `now`) and idempotent: nothing
is added once the bank has an entry.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from crm.models import Branch, User
from crm.text import nfc, search_key
from dialogues import search
from dialogues.models import (
    QUESTION_DONE,
    BankCitation,
    BankDeflection,
    BankEntry,
    BankPublicCitation,
    BankStatus,
    LegalDocument,
    Question,
    QuestionCategory,
)
from dialogues.services import bank as services

C = QuestionCategory
S = BankStatus
OLD_ORIGIN_CIRCULAR = "38/2018/TT-BTC"  # expired: the entries citing it need updating


@dataclass(frozen=True)
class Topic:
    """A group of entries sharing a category, tags, legal basis and the core of their answer. Each case is
    (question in Vietnamese, question in English or "", a sentence added to the Vietnamese answer, its English)."""

    category: str
    tags: tuple[str, ...]
    cites: tuple[tuple[str, str], ...]  # (legal document number, article)
    answer_vi: str
    answer_en: str
    cases: tuple[tuple[str, str, str, str], ...]


TOPICS: list[Topic] = [
    # Declaration procedures -------------------------------------------------------------------------------------
    Topic(
        C.PROCEDURES,
        ("hủy tờ khai", "VNACCS"),
        (("38/2015/TT-BTC", "Điều 22"), ("39/2018/TT-BTC", "khoản 12 Điều 1"), ("54/2014/QH13", "Điều 29")),
        "Thủ tục hủy tờ khai áp dụng khi quá thời hạn mà hàng hóa không đến cửa khẩu nhập hoặc không xuất khẩu, hoặc "
        "khi khai nhiều lần cho cùng một lô hàng. Người khai hải quan gửi đề nghị hủy tờ khai nêu rõ lý do trên Hệ "
        "thống; trong thời hạn 08 giờ làm việc cơ quan hải quan kiểm tra và thực hiện hủy tờ khai trên Hệ thống.",
        "A declaration is cancelled when the goods did not arrive or were not exported within the time limit, or "
        "when one consignment was declared more than once. The declarant requests the cancellation on the System, "
        "stating the reason; customs checks the request and cancels the declaration within eight working hours.",
        (
            (
                "Thủ tục hủy tờ khai xuất khẩu khi hàng không xuất được",
                "How to cancel an export declaration when the goods are not shipped",
                "Với tờ khai xuất khẩu, thời hạn là 15 ngày kể từ ngày đăng ký mà hàng chưa đưa vào khu vực giám sát "
                "hải quan.",
                "For an export declaration the limit is 15 days from registration without the goods entering the "
                "customs control area.",
            ),
            (
                "Hủy tờ khai nhập khẩu khi hàng chưa về đến cửa khẩu",
                "",
                "Với tờ khai nhập khẩu, thời hạn là 15 ngày kể từ ngày đăng ký mà hàng chưa về đến cửa khẩu nhập.",
                "",
            ),
            (
                "Tờ khai bị khai trùng hai lần cho một lô hàng thì xử lý thế nào?",
                "A consignment was declared twice: what should we do?",
                "Doanh nghiệp đề nghị hủy tờ khai khai sau và giữ tờ khai đúng để tiếp tục làm thủ tục.",
                "Ask for the later declaration to be cancelled and keep the correct one.",
            ),
            (
                "Có được hủy tờ khai đã được phân luồng đỏ không?",
                "",
                "Tờ khai đang kiểm tra thực tế chỉ được hủy khi kết quả kiểm tra phù hợp với lý do hủy; cơ quan hải "
                "quan ghi nhận kết quả kiểm tra trước khi hủy.",
                "",
            ),
            (
                "Hủy tờ khai xuất khẩu tại chỗ khi bên nhận không nhận hàng",
                "",
                "Tờ khai nhập khẩu tại chỗ tương ứng cũng phải được hủy hoặc không được đăng ký.",
                "",
            ),
            (
                "Không đề nghị hủy tờ khai quá hạn thì có bị xử phạt không?",
                "Is there a penalty for not cancelling an expired declaration?",
                "Nếu người khai không đề nghị, cơ quan hải quan tự hủy tờ khai và có thể xem xét xử phạt vi phạm hành "
                "chính.",
                "If the declarant does not ask, customs cancels it and may impose an administrative penalty.",
            ),
        ),
    ),
    Topic(
        C.PROCEDURES,
        ("khai bổ sung", "sửa tờ khai"),
        (("38/2015/TT-BTC", "Điều 20"), ("39/2018/TT-BTC", "khoản 9 Điều 1"), ("54/2014/QH13", "Điều 29")),
        "Người khai hải quan được khai bổ sung trước thời điểm cơ quan hải quan kiểm tra trực tiếp hồ sơ, và trong "
        "thời hạn 60 ngày kể từ ngày thông quan đối với sai sót không do gian lận nếu cơ quan hải quan chưa quyết định "
        "kiểm tra sau thông quan, thanh tra. Khai bổ sung trên Hệ thống bằng nghiệp vụ AMA (chỉ tiêu liên quan đến "
        "thuế) hoặc IDA01, EDA01 (chỉ tiêu thông tin khác).",
        "A declarant may amend a declaration before customs starts checking the documents, and within 60 days after "
        "clearance for errors that are not fraud, as long as no post-clearance audit or inspection has been decided. "
        "Amendments are made on the System with AMA (items that affect duties) or IDA01/EDA01 (other items).",
        (
            (
                "Khai bổ sung tờ khai sau thông quan khi khai sai mã HS",
                "Amending the HS code after clearance",
                "Nếu khai bổ sung làm tăng số thuế phải nộp, doanh nghiệp nộp đủ tiền thuế và tiền chậm nộp.",
                "If the amendment increases the duty due, pay the difference and the late-payment interest.",
            ),
            (
                "Sai tên phương tiện vận tải trên tờ khai có phải khai bổ sung không?",
                "",
                "Tên phương tiện vận tải là thông tin không ảnh hưởng đến thuế: khai bổ sung bằng nghiệp vụ IDA01 hoặc "
                "EDA01 kèm chứng từ chứng minh.",
                "",
            ),
            (
                "Khai bổ sung số lượng sau khi kiểm đếm hàng thực nhận",
                "Amending the quantity after counting the goods received",
                "Hàng thừa, thiếu do giao hàng phải có biên bản và chứng từ của người bán hoặc người vận chuyển.",
                "A surplus or shortage must be supported by a report and documents from the seller or the carrier.",
            ),
            (
                "Quá 60 ngày mới phát hiện sai sót thì có được khai bổ sung không?",
                "",
                "Sau thời hạn này doanh nghiệp vẫn được khai bổ sung trong thời hạn 03 năm kể từ ngày đăng ký tờ khai "
                "nhưng bị xử phạt nếu có vi phạm.",
                "",
            ),
            (
                "Khai bổ sung trị giá sau khi nhận hóa đơn điều chỉnh giá",
                "",
                "Hồ sơ gồm văn bản giải trình, hóa đơn và phụ lục hợp đồng điều chỉnh giá.",
                "",
            ),
            ("Khai bổ sung thông tin người nhận hàng trên tờ khai xuất khẩu", "", "", ""),
        ),
    ),
    Topic(
        C.PROCEDURES,
        ("hồ sơ hải quan", "thời hạn khai"),
        (("38/2015/TT-BTC", "Điều 16"), ("08/2015/NĐ-CP", "Điều 24"), ("54/2014/QH13", "Điều 24, Điều 25")),
        "Hồ sơ hải quan gồm tờ khai hải quan hoặc chứng từ thay thế và các chứng từ liên quan như hóa đơn thương mại, "
        "vận đơn, giấy phép, kết quả kiểm tra chuyên ngành, chứng từ chứng nhận xuất xứ khi áp dụng thuế suất ưu đãi "
        "đặc biệt. Chứng từ được nộp dưới dạng điện tử qua Hệ thống; bản giấy chỉ nộp khi cơ quan hải quan yêu cầu.",
        "The customs file consists of the declaration (or a document replacing it) and the related documents: "
        "commercial invoice, bill of lading, licences, specialised inspection results, and proof of origin when a "
        "special preferential rate is claimed. They are submitted electronically through the System; paper copies "
        "only when customs asks for them.",
        (
            (
                "Hồ sơ hải quan đối với hàng hóa nhập khẩu thông thường gồm những gì?",
                "What documents make up an import customs file?",
                "",
                "",
            ),
            (
                "Có phải nộp bản giấy hợp đồng mua bán khi làm thủ tục không?",
                "Do we have to submit a paper copy of the sales contract?",
                "Hợp đồng mua bán chỉ phải nộp trong một số trường hợp như khi kiểm tra trị giá hoặc khi cơ quan hải "
                "quan yêu cầu.",
                "The contract is needed only in some cases, such as when the value is being checked or when customs "
                "asks for it.",
            ),
            (
                "Thời hạn nộp tờ khai hải quan đối với hàng hóa nhập khẩu",
                "Deadline for lodging an import declaration",
                "Tờ khai hàng nhập khẩu nộp trước ngày hàng đến cửa khẩu hoặc trong 30 ngày kể từ ngày hàng đến; hàng "
                "xuất khẩu nộp sau khi tập kết hàng và chậm nhất 04 giờ trước khi phương tiện xuất cảnh.",
                "Import declarations are lodged before arrival or within 30 days after it; export declarations after "
                "the goods are gathered and at least four hours before the means of transport leaves.",
            ),
            (
                "Làm thủ tục hải quan tại chi cục ngoài nơi có cửa khẩu được không?",
                "",
                "Người khai được chọn làm thủ tục tại chi cục nơi có trụ sở, nơi có cơ sở sản xuất hoặc tại cửa khẩu, "
                "tùy loại hình.",
                "",
            ),
            (
                "Chứng từ điện tử có giá trị thay thế bản giấy không?",
                "",
                "Chứng từ điện tử có giá trị pháp lý như chứng từ giấy; doanh nghiệp lưu giữ bản gốc trong 05 năm.",
                "",
            ),
            (
                "Nộp tờ khai nhập khẩu quá 30 ngày kể từ ngày hàng đến thì bị xử lý thế nào?",
                "",
                "Quá thời hạn, hàng có thể bị coi là hàng tồn đọng và người khai bị xử phạt về thời hạn khai hải quan.",
                "",
            ),
        ),
    ),
    Topic(
        C.PROCEDURES,
        ("tạm nhập tái xuất", "tạm xuất tái nhập"),
        (("08/2015/NĐ-CP", "Điều 50"), ("38/2015/TT-BTC", "Điều 86"), ("1357/QĐ-TCHQ", "")),
        "Hàng hóa tạm nhập tái xuất, tạm xuất tái nhập làm thủ tục như hàng xuất khẩu, nhập khẩu theo mã loại hình "
        "tương ứng (G11, G12, G13, G21, G22, G23…) và phải tái xuất hoặc tái nhập trong thời hạn quy định. Khi tái "
        "xuất, tái nhập người khai ghi số tờ khai tạm nhập hoặc tạm xuất tương ứng để theo dõi, thanh khoản.",
        "Goods imported or exported temporarily follow the ordinary procedures under their own type codes (G11, G12, "
        "G13, G21, G22, G23…) and must be re-exported or re-imported within the time limit. On re-export or re-import, "
        "quote the original temporary declaration so that it can be discharged.",
        (
            (
                "Tạm nhập máy móc để thi công công trình rồi tái xuất",
                "Temporary import of machinery for a construction project",
                "Thời hạn tạm nhập theo thời hạn của hợp đồng hoặc dự án; hết hạn phải tái xuất hoặc chuyển tiêu thụ "
                "nội địa.",
                "The period follows the contract or project; at its end the machinery is re-exported or entered for "
                "home use.",
            ),
            (
                "Tạm xuất khuôn mẫu để gia công ở nước ngoài",
                "",
                "Khuôn mẫu tạm xuất được miễn thuế và tái nhập khi kết thúc hợp đồng.",
                "",
            ),
            (
                "Hàng mẫu tạm nhập để tham dự hội chợ, triển lãm",
                "Samples temporarily imported for a trade fair",
                "Thời hạn tái xuất là 30 ngày kể từ ngày kết thúc hội chợ, triển lãm.",
                "They must be re-exported within 30 days after the fair ends.",
            ),
            (
                "Gia hạn thời hạn tái xuất hàng tạm nhập",
                "",
                "Doanh nghiệp gửi văn bản đề nghị gia hạn cho chi cục nơi làm thủ tục tạm nhập trước khi hết hạn.",
                "",
            ),
            (
                "Hàng tạm xuất để sửa chữa, bảo hành rồi tái nhập có phải nộp thuế không?",
                "",
                "Hàng tái nhập sau sửa chữa được miễn thuế đối với phần hàng đã tạm xuất; phí sửa chữa phải khai báo.",
                "",
            ),
        ),
    ),
    # Tariff classification --------------------------------------------------------------------------------------
    Topic(
        C.CLASSIFICATION,
        ("mã HS", "phân loại"),
        (("31/2022/TT-BTC", "Phụ lục I"), ("14/2015/TT-BTC", "Điều 4"), ("17/2021/TT-BTC", "")),
        "Hàng hóa được phân loại theo Danh mục hàng hóa xuất khẩu, nhập khẩu Việt Nam, căn cứ tên hàng, mô tả, thành "
        "phần, tính chất lý hóa, công dụng thực tế và 06 quy tắc tổng quát giải thích việc phân loại. Khi chưa rõ, "
        "doanh nghiệp có thể đề nghị phân tích để phân loại hoặc xác định trước mã số.",
        "Goods are classified in the Vietnamese nomenclature of exports and imports by their name, description, "
        "composition, physical and chemical properties and actual use, under the six General Interpretative Rules. "
        "When in doubt, ask for an analysis for classification or an advance ruling.",
        (
            (
                "Mã HS của tai nghe không dây Bluetooth",
                "HS code for Bluetooth wireless earphones",
                "Tai nghe không dây có micro thường thuộc nhóm 85.17 vì có chức năng truyền dẫn dữ liệu; tai nghe "
                "không có micro thuộc nhóm 85.18.",
                "Wireless earphones with a microphone usually fall in heading 85.17 as transmission apparatus; "
                "without a microphone in heading 85.18.",
            ),
            (
                "Phân loại bộ phận bằng nhựa dùng cho máy giặt",
                "",
                "Bộ phận chỉ dùng riêng cho máy giặt phân loại vào nhóm 84.50 theo chú giải Phần XVI; bộ phận có công "
                "dụng chung bằng nhựa thuộc Chương 39.",
                "",
            ),
            (
                "Mã HS của pin lithium-ion dùng cho điện thoại",
                "HS code for lithium-ion phone batteries",
                "Ắc quy lithium-ion phân loại vào phân nhóm 8507.60.",
                "Lithium-ion accumulators fall in subheading 8507.60.",
            ),
            (
                "Bộ sản phẩm đóng gói để bán lẻ gồm nhiều mặt hàng khác nhau",
                "",
                "Bộ hàng đóng gói bán lẻ phân loại theo mặt hàng tạo nên đặc trưng cơ bản của bộ theo quy tắc 3(b).",
                "",
            ),
            (
                "Phân loại thực phẩm bảo vệ sức khỏe dạng viên nang",
                "",
                "Thực phẩm bảo vệ sức khỏe thường thuộc nhóm 21.06; sản phẩm có chỉ định phòng, chữa bệnh thuộc "
                "Chương 30.",
                "",
            ),
            (
                "Xe nâng hàng chạy điện có mã HS nào?",
                "What is the HS code for electric forklifts?",
                "Xe nâng tự hành chạy điện thuộc phân nhóm 8427.10.",
                "Self-propelled electric forklifts fall in subheading 8427.10.",
            ),
            (
                "Phân loại vải dệt kim đã tráng phủ plastic",
                "",
                "Vải dệt kim đã tráng, phủ plastic thuộc nhóm 59.03 hoặc Chương 60 tùy việc lớp tráng phủ có nhìn thấy "
                "bằng mắt thường hay không.",
                "",
            ),
        ),
    ),
    Topic(
        C.CLASSIFICATION,
        ("xác định trước", "mã HS"),
        (("54/2014/QH13", "Điều 28"), ("38/2015/TT-BTC", "Điều 7"), ("08/2015/NĐ-CP", "Điều 23")),
        "Tổ chức, cá nhân đề nghị xác định trước mã số nộp đơn theo mẫu kèm mẫu hàng hoặc tài liệu kỹ thuật cho Cục "
        "Hải quan ít nhất 60 ngày trước khi xuất khẩu, nhập khẩu lô hàng. Văn bản xác định trước có hiệu lực tối đa 03 "
        "năm và được áp dụng thống nhất trên toàn quốc.",
        "Apply for an advance classification ruling with the form and a sample or technical documents at least 60 days "
        "before the shipment. A ruling is valid for up to three years and applies nationwide.",
        (
            (
                "Hồ sơ đề nghị xác định trước mã số hàng hóa",
                "Documents for an advance classification ruling",
                "Hồ sơ gồm đơn đề nghị, mẫu hàng hoặc catalogue, hình ảnh, tài liệu kỹ thuật mô tả thành phần và công "
                "dụng.",
                "The file holds the application, a sample or catalogue, photos and technical documents describing the "
                "composition and use.",
            ),
            (
                "Văn bản xác định trước mã số hết hiệu lực khi nào?",
                "When does an advance ruling stop applying?",
                "Văn bản hết hiệu lực khi quy định làm căn cứ ban hành thay đổi hoặc hàng hóa thực tế khác với mô tả.",
                "It ceases to apply when the rules it is based on change or the goods differ from the description.",
            ),
            (
                "Không đồng ý với kết quả xác định trước mã số thì làm gì?",
                "",
                "Doanh nghiệp có quyền khiếu nại theo quy định của pháp luật về khiếu nại.",
                "",
            ),
            (
                "Hàng đã nhập khẩu có được đề nghị xác định trước mã số không?",
                "",
                "Không: xác định trước chỉ áp dụng cho hàng dự kiến xuất khẩu, nhập khẩu; với hàng đã nhập, doanh "
                "nghiệp đề nghị phân tích để phân loại.",
                "",
            ),
        ),
    ),
    Topic(
        C.CLASSIFICATION,
        ("phân tích phân loại", "lấy mẫu"),
        (("14/2015/TT-BTC", "Điều 9"), ("17/2021/TT-BTC", "khoản 5 Điều 1")),
        "Khi chưa đủ cơ sở xác định mã số, hàng hóa được lấy mẫu để phân tích, giám định. Kết quả phân tích để phân "
        "loại là căn cứ để cơ quan hải quan xác định mã số; nếu không đồng ý, người khai có thể đề nghị giám định lại "
        "tại tổ chức giám định khác.",
        "When the code cannot be determined from the documents, a sample is taken for analysis. The analysis result is "
        "the basis for the classification; a declarant who disagrees may ask for a new analysis by another inspection "
        "body.",
        (
            (
                "Lấy mẫu phân tích để phân loại mất bao lâu?",
                "How long does sampling for classification analysis take?",
                "Kết quả thường được thông báo trong 05 ngày làm việc kể từ khi nhận đủ mẫu và hồ sơ; mẫu phức tạp có "
                "thể lâu hơn.",
                "The result is usually given within five working days of receiving the sample and file; complex "
                "samples take longer.",
            ),
            (
                "Hàng hóa có được thông quan trong thời gian chờ kết quả phân tích?",
                "",
                "Hàng được giải phóng sau khi nộp thuế theo mã số khai báo hoặc được bảo lãnh số thuế chênh lệch.",
                "",
            ),
            (
                "Chi phí phân tích mẫu do ai chịu?",
                "Who pays for sample analysis?",
                "Khi kết quả phân tích khác với khai báo, người khai hải quan chịu chi phí phân tích.",
                "If the result differs from what was declared, the declarant bears the cost.",
            ),
            (
                "Kết quả phân tích của lô trước có áp dụng cho lô sau không?",
                "",
                "Kết quả được sử dụng cho các lô hàng tiếp theo cùng tên hàng, thành phần và nhà sản xuất.",
                "",
            ),
            (
                "Yêu cầu đối với mẫu hàng gửi phân tích",
                "",
                "Mẫu phải đủ số lượng, được niêm phong và có biên bản lấy mẫu có chữ ký của người khai và công chức "
                "hải quan.",
                "",
            ),
        ),
    ),
    Topic(
        C.CLASSIFICATION,
        ("máy móc tháo rời", "quy tắc 2(a)"),
        (("31/2022/TT-BTC", "Quy tắc 2(a)"), ("14/2015/TT-BTC", "Điều 7")),
        "Máy móc ở dạng chưa lắp ráp hoặc tháo rời nhập khẩu nhiều lần được phân loại như máy hoàn chỉnh theo quy tắc "
        "2(a). Người khai thông báo danh mục hàng hóa trước khi nhập khẩu chuyến đầu và quyết toán sau chuyến cuối.",
        "Machinery imported unassembled or disassembled in several lots is classified as the complete machine under "
        "rule 2(a). Notify the list of goods before the first lot and reconcile it after the last.",
        (
            (
                "Khai mã HS máy móc nhập khẩu tháo rời nhiều chuyến",
                "Classifying machinery shipped unassembled in several lots",
                "",
                "",
            ),
            (
                "Dây chuyền sản xuất đồng bộ nhập khẩu từ nhiều nhà cung cấp",
                "",
                "Các máy cấu thành tổ hợp chức năng theo chú giải 4 Phần XVI được phân loại vào nhóm của chức năng "
                "chính.",
                "",
            ),
            (
                "Phụ tùng thay thế nhập kèm máy có phân loại chung với máy không?",
                "",
                "Phụ tùng nhập cùng hợp đồng và được tính trong giá máy có thể phân loại chung; phụ tùng nhập riêng "
                "phân loại theo mã riêng.",
                "",
            ),
            ("Thông báo danh mục máy móc tháo rời cho cơ quan hải quan", "", "", ""),
        ),
    ),
    # Customs valuation ------------------------------------------------------------------------------------------
    Topic(
        C.VALUATION,
        ("trị giá hải quan", "khoản điều chỉnh"),
        (("39/2015/TT-BTC", "Điều 13"), ("60/2019/TT-BTC", "khoản 7 Điều 1"), ("107/2016/QH13", "Điều 8")),
        "Trị giá hải quan của hàng nhập khẩu là giá thực tế phải trả tính đến cửa khẩu nhập đầu tiên, xác định theo "
        "phương pháp trị giá giao dịch khi đủ điều kiện. Nếu chưa có trong giá, phải cộng hoa hồng bán hàng, phí môi "
        "giới, chi phí bao bì, các khoản trợ giúp, phí bản quyền, phí giấy phép liên quan đến hàng nhập khẩu, chi phí "
        "vận tải và bảo hiểm đến cửa khẩu nhập đầu tiên.",
        "The customs value of imports is the price actually paid or payable up to the first port of entry, determined "
        "by the transaction value method when its conditions are met. Added to it, when not already included: selling "
        "commissions and brokerage, packing costs, assists, royalties and licence fees related to the goods, and "
        "freight and insurance to the first port of entry.",
        (
            (
                "Phí bản quyền trả cho công ty mẹ có cộng vào trị giá hải quan không?",
                "Are royalties paid to the parent company part of the customs value?",
                "Phí bản quyền được cộng khi liên quan đến hàng nhập khẩu và là điều kiện của giao dịch mua bán.",
                "Royalties are added when they relate to the imported goods and are a condition of the sale.",
            ),
            (
                "Chi phí vận chuyển nội địa sau cửa khẩu nhập có được trừ khỏi trị giá?",
                "",
                "Chi phí vận tải, bảo hiểm phát sinh sau cửa khẩu nhập đầu tiên được trừ nếu tách riêng trên chứng từ.",
                "",
            ),
            (
                "Khuôn mẫu do người mua cung cấp miễn phí cho người bán ở nước ngoài",
                "Moulds supplied free of charge by the buyer to the foreign seller",
                "Trị giá khuôn mẫu là khoản trợ giúp phải cộng vào trị giá hàng nhập khẩu và có thể phân bổ cho các lô "
                "hàng.",
                "The moulds are an assist to be added to the value and may be spread over the consignments.",
            ),
            (
                "Hàng nhập khẩu theo điều kiện EXW thì khai trị giá thế nào?",
                "How to declare the value of goods bought EXW",
                "Mọi chi phí đưa hàng từ kho người bán đến cửa khẩu nhập đầu tiên phải cộng vào trị giá.",
                "Every cost of bringing the goods from the seller's premises to the first port of entry is added.",
            ),
            (
                "Phí hoa hồng mua hàng có phải cộng vào trị giá hải quan?",
                "",
                "Hoa hồng mua hàng trả cho đại lý của người mua không phải cộng; hoa hồng bán hàng thì phải cộng.",
                "",
            ),
            ("Chi phí bảo hành do người bán chịu có được trừ khỏi trị giá?", "", "", ""),
        ),
    ),
    Topic(
        C.VALUATION,
        ("giá tạm tính", "khai bổ sung"),
        (("39/2015/TT-BTC", "Điều 21"), ("38/2015/TT-BTC", "Điều 20")),
        "Khi giá chưa được xác định chính thức tại thời điểm đăng ký tờ khai, người khai hải quan khai giá tạm tính và "
        "khai bổ sung khi có giá chính thức, kèm hợp đồng, phụ lục điều chỉnh giá và chứng từ thanh toán.",
        "When the price is not final when the declaration is registered, declare the provisional price and amend the "
        "declaration once the final price is known, with the contract, the price adjustment annex and the payment "
        "records.",
        (
            (
                "Khai trị giá khi giá mua bán chưa chính thức",
                "Declaring the value when the price is still provisional",
                "",
                "",
            ),
            (
                "Giảm giá cuối năm theo doanh số có được điều chỉnh trị giá đã khai?",
                "Can year-end volume discounts reduce the declared value?",
                "Khoản giảm giá chỉ được trừ khi được thỏa thuận bằng văn bản trước khi xếp hàng lên phương tiện vận "
                "tải và có chứng từ thanh toán.",
                "A discount is deducted only when agreed in writing before loading and supported by payment records.",
            ),
            (
                "Điều chỉnh giá chuyển nhượng theo kết quả xác định giá giao dịch liên kết",
                "",
                "Khoản điều chỉnh tăng được khai bổ sung; khoản điều chỉnh giảm được xem xét khi chứng minh được liên "
                "quan trực tiếp đến hàng nhập khẩu.",
                "",
            ),
            (
                "Thời hạn khai bổ sung khi có giá chính thức",
                "",
                "Doanh nghiệp khai bổ sung trong 30 ngày kể từ ngày xác định được giá chính thức.",
                "",
            ),
        ),
    ),
    Topic(
        C.VALUATION,
        ("tham vấn giá", "quan hệ đặc biệt"),
        (("39/2015/TT-BTC", "Điều 6, Điều 25"), ("60/2019/TT-BTC", ""), ("54/2014/QH13", "Điều 86")),
        "Khi nghi vấn trị giá khai báo, cơ quan hải quan tham vấn hoặc yêu cầu người khai giải trình. Người khai chứng "
        "minh trị giá bằng hợp đồng, chứng từ thanh toán, sổ sách kế toán và tài liệu liên quan; nếu không đủ căn cứ, "
        "cơ quan hải quan xác định trị giá theo các phương pháp kế tiếp.",
        "When the declared value is doubtful, customs consults the declarant or asks for an explanation. The declarant "
        "supports the value with the contract, payment records, accounts and other documents; failing that, customs "
        "determines the value by the subsequent methods.",
        (
            (
                "Chứng minh mối quan hệ đặc biệt không ảnh hưởng đến giá",
                "Showing that a relationship between buyer and seller did not influence the price",
                "Người khai so sánh với trị giá giao dịch của hàng giống hệt hoặc tương tự bán cho người mua không có "
                "quan hệ đặc biệt.",
                "Compare with the transaction values of identical or similar goods sold to unrelated buyers.",
            ),
            ("Tham vấn giá hải quan gồm những bước nào?", "", "", ""),
            (
                "Không đồng ý với trị giá do hải quan xác định",
                "",
                "Doanh nghiệp nộp thuế theo trị giá do cơ quan hải quan xác định để thông quan và có quyền khiếu nại.",
                "",
            ),
            (
                "Hàng nhập khẩu miễn phí, hàng khuyến mại khai trị giá thế nào?",
                "How to value goods received free of charge",
                "Hàng không có giao dịch mua bán được xác định trị giá theo phương pháp hàng giống hệt, tương tự hoặc "
                "các phương pháp kế tiếp.",
                "Goods without a sale are valued by the identical or similar goods methods or the later ones.",
            ),
            (
                "Trị giá tính thuế của hàng hóa xuất khẩu",
                "Customs value of exported goods",
                "Trị giá hải quan của hàng xuất khẩu là giá bán tính đến cửa khẩu xuất, không gồm phí bảo hiểm và vận "
                "tải quốc tế.",
                "The customs value of exports is the selling price up to the border gate of export, excluding "
                "international freight and insurance.",
            ),
            ("Hàng thuê, mượn nhập khẩu có phải khai trị giá?", "", "", ""),
        ),
    ),
    Topic(
        C.VALUATION,
        ("tỷ giá", "ngoại tệ"),
        (("38/2019/QH14", ""), ("18/2021/NĐ-CP", "khoản 1 Điều 1"), ("107/2016/QH13", "Điều 8")),
        "Tỷ giá tính thuế là tỷ giá ngoại tệ mua vào theo hình thức chuyển khoản do ngân hàng thương mại được chỉ định "
        "công bố vào ngày làm việc liền trước ngày đăng ký tờ khai; Hệ thống tự cập nhật tỷ giá hằng ngày.",
        "Duties are calculated at the bank transfer buying rate published by the designated commercial bank on the "
        "working day before the declaration is registered; the System updates the rate daily.",
        (
            (
                "Tỷ giá áp dụng khi tính thuế hàng nhập khẩu",
                "Which exchange rate is used to calculate import duties?",
                "",
                "",
            ),
            (
                "Tờ khai đăng ký vào ngày nghỉ thì áp dụng tỷ giá ngày nào?",
                "",
                "Áp dụng tỷ giá đã công bố của ngày làm việc liền trước.",
                "",
            ),
            (
                "Hóa đơn bằng đồng tiền không có trên bảng tỷ giá",
                "",
                "Quy đổi qua tỷ giá chéo giữa đồng đô la Mỹ và đồng tiền đó do Ngân hàng Nhà nước công bố.",
                "",
            ),
            ("Khai trị giá bằng đồng Việt Nam có được không?", "", "", ""),
        ),
    ),
    # Origin and FTAs ---------------------------------------------------------------------------------------------
    Topic(
        C.ORIGIN,
        ("C/O", "FTA", "ưu đãi đặc biệt"),
        (("33/2023/TT-BTC", "Điều 15"), ("31/2018/NĐ-CP", "Điều 26"), ("05/2017/QH14", "")),
        "Để được hưởng thuế suất ưu đãi đặc biệt theo hiệp định thương mại tự do, hàng hóa nhập khẩu phải có chứng từ "
        "chứng nhận xuất xứ hợp lệ (C/O hoặc chứng từ tự chứng nhận), đáp ứng quy tắc xuất xứ và vận chuyển trực tiếp "
        "theo hiệp định. Người khai nộp chứng từ khi làm thủ tục, hoặc khai việc nộp bổ sung và nộp trong thời hạn "
        "hiệu lực của chứng từ.",
        "To obtain the special preferential rate of a free trade agreement, imported goods need valid proof of origin "
        "(a certificate or a self-certification), must meet the agreement's rules of origin and be shipped directly. "
        "Submit the proof when declaring, or declare that it will follow and submit it while it is valid.",
        (
            (
                "Sai sót nhỏ trên C/O mẫu E có được chấp nhận không?",
                "Are minor errors on a Form E certificate acceptable?",
                "Sai sót nhỏ như lỗi chính tả hoặc khác biệt nhỏ trong mô tả hàng hóa không làm thay đổi xuất xứ thì "
                "C/O vẫn được chấp nhận.",
                "Typos or small differences in the description that do not change the origin do not invalidate it.",
            ),
            (
                "Nộp bổ sung C/O sau khi đã thông quan",
                "Submitting the certificate of origin after clearance",
                "Số thuế chênh lệch được xử lý như tiền thuế nộp thừa sau khi C/O được chấp nhận.",
                "Once the certificate is accepted, the difference is handled as overpaid duty.",
            ),
            (
                "C/O mẫu D được cấp sau có hợp lệ không?",
                "",
                "C/O cấp sau được chấp nhận khi thể hiện đúng dấu hiệu cấp sau theo quy định của hiệp định.",
                "",
            ),
            (
                "Hàng quá cảnh qua nước thứ ba có được hưởng ưu đãi theo hiệp định?",
                "Goods transiting a third country: does the preference still apply?",
                "Hàng được coi là vận chuyển trực tiếp nếu chỉ quá cảnh, chuyển tải và chịu sự giám sát hải quan của "
                "nước quá cảnh; người khai nộp chứng từ chứng minh.",
                "They count as directly shipped if only in transit and under customs control in the transit country; "
                "provide the supporting documents.",
            ),
            (
                "Tự chứng nhận xuất xứ theo Hiệp định CPTPP",
                "Self-certification of origin under the CPTPP",
                "Nhà nhập khẩu, nhà xuất khẩu hoặc nhà sản xuất tự chứng nhận xuất xứ với các thông tin tối thiểu "
                "theo hiệp định.",
                "The importer, exporter or producer may certify origin with the minimum data set out in the agreement.",
            ),
            (
                "Chứng từ tự chứng nhận xuất xứ theo Hiệp định EVFTA",
                "Origin statements under the EVFTA",
                "Nhà xuất khẩu đã đăng ký mã số REX được tự chứng nhận xuất xứ trên hóa đơn hoặc chứng từ thương mại.",
                "Exporters registered in REX make out the origin statement on the invoice or another commercial "
                "document.",
            ),
            ("Hàng nhập khẩu từ khu phi thuế quan có được áp dụng ưu đãi đặc biệt?", "", "", ""),
        ),
    ),
    Topic(
        C.ORIGIN,
        ("xác minh xuất xứ", "C/O"),
        (("33/2023/TT-BTC", "Điều 21"), ("31/2018/NĐ-CP", "")),
        "Khi nghi vấn tính hợp lệ của chứng từ chứng nhận xuất xứ hoặc xuất xứ hàng hóa, cơ quan hải quan đề nghị cơ "
        "quan, tổ chức cấp của nước xuất khẩu xác minh. Trong thời gian chờ kết quả, hàng hóa được thông quan theo "
        "thuế suất ưu đãi hoặc thông thường.",
        "When the proof of origin or the origin itself is doubtful, customs asks the issuing authority of the "
        "exporting country to verify it. Meanwhile the goods are cleared at the MFN or general rate.",
        (
            (
                "Thông quan hàng hóa trong thời gian chờ xác minh C/O",
                "Clearance while the certificate of origin is being verified",
                "Khi kết quả xác minh chấp nhận C/O, số tiền chênh lệch được xử lý như tiền thuế nộp thừa.",
                "If the certificate is then accepted, the difference is handled as overpaid duty.",
            ),
            (
                "C/O bị từ chối thì doanh nghiệp được thông báo thế nào?",
                "",
                "Cơ quan hải quan thông báo lý do từ chối bằng văn bản hoặc trên Hệ thống.",
                "",
            ),
            ("Kiểm tra xuất xứ hàng hóa tại cơ sở sản xuất", "", "", ""),
            (
                "Nghi vấn gian lận xuất xứ khi ghi nhãn Made in Vietnam",
                "Suspected origin fraud: 'Made in Vietnam' labels",
                "Hàng chỉ qua công đoạn gia công đơn giản tại Việt Nam không được ghi xuất xứ Việt Nam.",
                "Goods that undergo only minimal operations in Vietnam may not be labelled as of Vietnamese origin.",
            ),
        ),
    ),
    Topic(
        C.ORIGIN,
        ("quy tắc xuất xứ", "RVC", "CTC"),
        (("31/2018/NĐ-CP", "Điều 7, Điều 8"), ("33/2023/TT-BTC", "")),
        "Hàng hóa có xuất xứ khi có xuất xứ thuần túy hoặc đáp ứng tiêu chí chuyển đổi mã số hàng hóa (CTC), hàm lượng "
        "giá trị khu vực (RVC) hoặc công đoạn gia công, chế biến cụ thể theo quy tắc của hiệp định. Doanh nghiệp lưu "
        "giữ hồ sơ chứng minh xuất xứ tối thiểu 05 năm.",
        "Goods originate when wholly obtained or when they meet the change of tariff classification (CTC), regional "
        "value content (RVC) or specific process criterion of the agreement. Keep the origin records for at least five "
        "years.",
        (
            ("Cách tính hàm lượng giá trị khu vực (RVC)", "How to calculate regional value content (RVC)", "", ""),
            (
                "Tiêu chí chuyển đổi mã số hàng hóa CTH, CTSH",
                "",
                "Tiêu chí CTH yêu cầu nguyên liệu không có xuất xứ thay đổi ở cấp 4 số; CTSH ở cấp 6 số.",
                "",
            ),
            (
                "Tỷ lệ nguyên liệu không đáp ứng tiêu chí chuyển đổi (De Minimis)",
                "The de minimis rule for non-originating materials",
                "Nhiều hiệp định cho phép một tỷ lệ nhỏ trị giá hoặc trọng lượng nguyên liệu không đáp ứng tiêu chí "
                "chuyển đổi.",
                "Many agreements allow a small share of non-originating materials by value or weight.",
            ),
            ("Hồ sơ đề nghị cấp C/O mẫu B cho hàng xuất khẩu", "", "", ""),
            (
                "Cộng gộp xuất xứ trong khối ASEAN",
                "",
                "Nguyên liệu có xuất xứ từ nước thành viên khác được coi như có xuất xứ Việt Nam khi xác định xuất xứ.",
                "",
            ),
        ),
    ),
    Topic(
        C.ORIGIN,
        ("C/O", "chứng từ giấy"),
        ((OLD_ORIGIN_CIRCULAR, "Điều 15, Điều 16"),),
        "Chứng từ chứng nhận xuất xứ được kiểm tra về tính hợp lệ, thời hạn hiệu lực và sự phù hợp giữa nội dung khai "
        "báo với chứng từ; bản gốc C/O được nộp cho cơ quan hải quan khi làm thủ tục.",
        "",
        (
            ("Nộp bản gốc C/O giấy khi làm thủ tục nhập khẩu", "", "", ""),
            (
                "Thời hạn nộp bổ sung chứng từ chứng nhận xuất xứ",
                "",
                "Thời hạn nộp bổ sung là 01 năm kể từ ngày đăng ký tờ khai.",
                "",
            ),
            ("C/O có chữ ký và con dấu khác mẫu đã thông báo", "", "", ""),
        ),
    ),
    # Inspection and supervision ---------------------------------------------------------------------------------
    Topic(
        C.INSPECTION,
        ("phân luồng", "kiểm tra thực tế"),
        (("54/2014/QH13", "Điều 33"), ("38/2015/TT-BTC", "Điều 29"), ("81/2019/TT-BTC", "Điều 18")),
        "Hệ thống phân luồng tờ khai theo quản lý rủi ro: luồng xanh được thông quan ngay, luồng vàng kiểm tra hồ sơ, "
        "luồng đỏ kiểm tra hồ sơ và kiểm tra thực tế hàng hóa. Kiểm tra thực tế ưu tiên bằng máy soi và hoàn thành "
        "trong 08 giờ làm việc; lô hàng lớn, phức tạp được gia hạn không quá 02 ngày.",
        "The System routes declarations by risk: green lane is cleared at once, yellow has its documents checked, red "
        "has documents and goods examined. Examination uses scanners first and is finished within eight working "
        "hours, extended by up to two days for large or complex consignments.",
        (
            (
                "Tại sao tờ khai của doanh nghiệp liên tục bị phân luồng đỏ?",
                "Why are our declarations repeatedly routed red?",
                "Phân luồng dựa trên mức độ tuân thủ của doanh nghiệp và thông tin rủi ro về mặt hàng, xuất xứ; doanh "
                "nghiệp có thể đề nghị đánh giá lại mức độ tuân thủ.",
                "Routing reflects the business's compliance level and the risk of the goods and origin; you may ask "
                "for your compliance level to be reassessed.",
            ),
            (
                "Thời gian kiểm tra thực tế hàng hóa tối đa bao lâu?",
                "How long may a physical examination take?",
                "",
                "",
            ),
            (
                "Kiểm tra thực tế hàng hóa tại kho của doanh nghiệp",
                "",
                "Hàng được kiểm tra tại chân công trình, nhà máy hoặc kho của doanh nghiệp khi đáp ứng điều kiện và "
                "được cơ quan hải quan chấp thuận.",
                "",
            ),
            (
                "Chuyển luồng sau khi tờ khai đã được phân luồng xanh",
                "",
                "Cơ quan hải quan có thể chuyển luồng khi có thông tin nghi vấn; doanh nghiệp được thông báo lý do "
                "trên Hệ thống.",
                "",
            ),
            (
                "Doanh nghiệp có phải có mặt khi kiểm tra thực tế?",
                "Must we be present at the physical examination?",
                "Người khai có mặt để chứng kiến; nếu vắng mặt, cơ quan hải quan kiểm tra với sự chứng kiến của đại "
                "diện kho, bãi.",
                "The declarant attends; if absent, customs examines in the presence of the warehouse operator's "
                "representative.",
            ),
        ),
    ),
    Topic(
        C.INSPECTION,
        ("giám sát hải quan", "vận chuyển độc lập", "VASSCM"),
        (("38/2015/TT-BTC", "Điều 51"), ("08/2015/NĐ-CP", "Điều 50"), ("54/2014/QH13", "Điều 43")),
        "Hàng hóa vận chuyển chịu sự giám sát hải quan từ cửa khẩu đến địa điểm làm thủ tục hoặc giữa các khu vực giám "
        "sát được khai trên tờ khai vận chuyển độc lập (nghiệp vụ OLA) hoặc trên tờ khai hải quan. Hàng được niêm "
        "phong hoặc giám sát bằng thiết bị định vị và phải đi đúng tuyến đường, thời gian đã đăng ký.",
        "Goods moving under customs control from the border to the place of clearance, or between control areas, are "
        "declared on an independent transit declaration (OLA) or on the customs declaration. They are sealed or "
        "tracked and must follow the registered route and time.",
        (
            (
                "Thủ tục chuyển cửa khẩu hàng nhập khẩu về kho ngoại quan",
                "Moving imported goods under transit to a bonded warehouse",
                "",
                "",
            ),
            (
                "Hàng vận chuyển độc lập bị chậm so với thời gian đăng ký",
                "",
                "Trường hợp bất khả kháng, người vận chuyển thông báo ngay cho cơ quan hải quan gần nhất.",
                "",
            ),
            ("Khi nào phải niêm phong hải quan container?", "", "", ""),
            (
                "Hàng hóa đưa vào khu vực giám sát hải quan trên hệ thống VASSCM",
                "Goods entering the customs control area under VASSCM",
                "Doanh nghiệp kinh doanh cảng, kho, bãi xác nhận hàng qua khu vực giám sát trên hệ thống; tờ khai chỉ "
                "được thông quan khi hàng đã vào khu vực giám sát.",
                "Port and warehouse operators confirm movements on the system; a declaration is released only once "
                "the goods are recorded in the area.",
            ),
            ("Kiểm tra hàng bằng máy soi container có tính phí không?", "", "", ""),
        ),
    ),
    Topic(
        C.INSPECTION,
        ("kho ngoại quan", "kho CFS"),
        (("08/2015/NĐ-CP", "Điều 83"), ("38/2015/TT-BTC", "Điều 91"), ("59/2018/NĐ-CP", "")),
        "Hàng hóa gửi kho ngoại quan được lưu giữ tối đa 12 tháng kể từ ngày đưa vào kho, có thể gia hạn một lần không "
        "quá 12 tháng; chủ hàng được đóng gói, phân loại, dán nhãn trong kho dưới sự giám sát hải quan.",
        "Goods may stay in a bonded warehouse for up to 12 months, extendable once by up to 12 months; the owner may "
        "pack, sort and label them there under customs supervision.",
        (
            ("Thời hạn lưu giữ hàng trong kho ngoại quan", "How long may goods stay in a bonded warehouse?", "", ""),
            ("Chia tách lô hàng trong kho ngoại quan để xuất đi nhiều nước", "", "", ""),
            (
                "Hàng gửi kho ngoại quan đưa vào nội địa tiêu thụ",
                "Releasing goods from a bonded warehouse for home use",
                "Chủ hàng làm thủ tục nhập khẩu như hàng nhập từ nước ngoài và nộp thuế theo quy định.",
                "The owner files an import declaration and pays duties as for goods from abroad.",
            ),
            ("Hàng quá thời hạn lưu kho ngoại quan mà không được gia hạn", "", "", ""),
            ("Điều kiện công nhận kho CFS", "", "", ""),
        ),
    ),
    Topic(
        C.INSPECTION,
        ("giải phóng hàng", "mang hàng về bảo quản"),
        (("54/2014/QH13", "Điều 36"), ("38/2015/TT-BTC", "Điều 32, Điều 33"), ("59/2018/NĐ-CP", "khoản 16 Điều 1")),
        "Hàng hóa được giải phóng khi đủ điều kiện xuất khẩu, nhập khẩu nhưng chưa xác định được số thuế chính thức, "
        "nếu người khai đã nộp thuế hoặc được bảo lãnh theo số thuế tự tính. Hàng phải kiểm tra chuyên ngành có thể "
        "được mang về bảo quản tại kho của doanh nghiệp khi cơ quan kiểm tra chuyên ngành đồng ý.",
        "Goods may be released before the final duty is known once the self-assessed duty is paid or guaranteed. Goods "
        "awaiting specialised inspection may be taken to the business's own warehouse when the inspecting authority "
        "agrees.",
        (
            (
                "Điều kiện giải phóng hàng khi chờ xác định giá",
                "When can goods be released before the value is settled?",
                "",
                "",
            ),
            (
                "Mang hàng về bảo quản trong khi chờ kết quả kiểm tra chất lượng",
                "Taking goods to our warehouse while awaiting quality inspection",
                "Doanh nghiệp chịu trách nhiệm giữ nguyên trạng hàng hóa cho đến khi có kết quả kiểm tra.",
                "The business must keep the goods intact until the result is available.",
            ),
            (
                "Hàng mang về bảo quản nhưng không đạt kiểm tra chuyên ngành",
                "",
                "Hàng phải tái xuất hoặc tiêu hủy theo yêu cầu của cơ quan kiểm tra chuyên ngành.",
                "",
            ),
            ("Bảo lãnh thuế để giải phóng hàng", "", "", ""),
            ("Thông quan tờ khai sau khi đã giải phóng hàng", "", "", ""),
        ),
    ),
    # Duties, exemptions, refunds --------------------------------------------------------------------------------
    Topic(
        C.DUTIES,
        ("hoàn thuế",),
        (("107/2016/QH13", "Điều 19"), ("134/2016/NĐ-CP", "Điều 34, Điều 36"), ("18/2021/NĐ-CP", "")),
        "Người nộp thuế được hoàn thuế nhập khẩu đã nộp đối với nguyên liệu nhập khẩu để sản xuất hàng xuất khẩu đã "
        "xuất khẩu sản phẩm, hàng phải tái xuất, hàng xuất khẩu phải tái nhập và các trường hợp khác theo Luật. Hồ sơ "
        "gồm công văn đề nghị hoàn thuế và chứng từ chứng minh; hồ sơ được phân loại hoàn trước kiểm tra sau hoặc kiểm "
        "tra trước hoàn thuế sau.",
        "Import duty paid is refunded for materials used in products that were exported, for goods that must be "
        "re-exported, for exports that are re-imported and in the other cases of the law. The file holds a refund "
        "request and the supporting documents; it is handled as refund-first or check-first.",
        (
            (
                "Hồ sơ hoàn thuế nhập khẩu nguyên liệu sản xuất hàng xuất khẩu",
                "Refund of import duty on materials used in exported products",
                "",
                "",
            ),
            (
                "Hoàn thuế hàng nhập khẩu phải tái xuất trả lại người bán",
                "Refund when imported goods are returned to the seller",
                "Hàng phải chưa qua sử dụng, gia công, chế biến và được tái xuất trong thời hạn quy định.",
                "The goods must be unused, unprocessed and re-exported within the time limit.",
            ),
            (
                "Thời hạn giải quyết hồ sơ hoàn thuế",
                "How long does a duty refund take?",
                "Hồ sơ hoàn trước kiểm tra sau được giải quyết trong 06 ngày làm việc; hồ sơ kiểm tra trước hoàn thuế "
                "sau trong 40 ngày.",
                "Refund-first files are settled within six working days; check-first files within 40 days.",
            ),
            ("Hoàn thuế đối với hàng nhập khẩu chưa sử dụng phải xuất trả", "", "", ""),
            (
                "Tiền thuế nộp thừa được bù trừ hay hoàn trả?",
                "",
                "Người nộp thuế có thể đề nghị bù trừ vào số thuế phải nộp lần tiếp theo hoặc hoàn trả.",
                "",
            ),
            ("Trường hợp nào không được hoàn thuế nhập khẩu?", "", "", ""),
        ),
    ),
    Topic(
        C.DUTIES,
        ("miễn thuế", "danh mục miễn thuế"),
        (("107/2016/QH13", "Điều 16"), ("134/2016/NĐ-CP", "Điều 30, Điều 31"), ("18/2021/NĐ-CP", "khoản 14 Điều 1")),
        "Hàng hóa thuộc đối tượng miễn thuế được miễn khi người khai hải quan khai đúng mã miễn thuế trên tờ khai và "
        "xuất trình hồ sơ chứng minh. Trường hợp phải thông báo Danh mục miễn thuế, doanh nghiệp thông báo trên Hệ "
        "thống trước khi đăng ký tờ khai miễn thuế đầu tiên.",
        "Exempt goods are exempted when the declarant enters the right exemption code and can show the supporting "
        "documents. Where an exemption list is required, notify it on the System before the first exempt declaration.",
        (
            (
                "Miễn thuế hàng hóa nhập khẩu tạo tài sản cố định của dự án",
                "Duty exemption for the fixed assets of an investment project",
                "Dự án thuộc lĩnh vực, địa bàn ưu đãi đầu tư được miễn thuế máy móc, thiết bị trong nước chưa sản xuất "
                "được.",
                "Projects in preferential sectors or areas are exempt for machinery and equipment not yet made in "
                "Vietnam.",
            ),
            ("Thông báo Danh mục miễn thuế trên Hệ thống", "Notifying the duty-exemption list on the System", "", ""),
            (
                "Miễn thuế hàng quà biếu, quà tặng",
                "",
                "Quà biếu, quà tặng trong định mức được miễn thuế; phần vượt định mức phải nộp thuế.",
                "",
            ),
            ("Điều chỉnh Danh mục miễn thuế đã thông báo", "", "", ""),
            ("Miễn thuế nguyên liệu nhập khẩu để gia công", "Are materials imported for processing exempt?", "", ""),
            (
                "Thay đổi mục đích sử dụng hàng đã được miễn thuế",
                "Changing the use of goods imported duty-free",
                "Người nộp thuế khai tờ khai mới và nộp thuế theo trị giá, thuế suất tại thời điểm thay đổi mục đích.",
                "File a new declaration and pay duty on the value and at the rate applicable when the use changes.",
            ),
        ),
    ),
    Topic(
        C.DUTIES,
        ("nộp thuế", "tiền chậm nộp", "bảo lãnh"),
        (("38/2019/QH14", "Điều 59"), ("06/2021/TT-BTC", "Điều 4"), ("38/2015/TT-BTC", "Điều 43")),
        "Hàng hóa xuất khẩu, nhập khẩu phải nộp thuế trước khi thông quan hoặc giải phóng hàng, trừ trường hợp được áp "
        "dụng thời hạn nộp thuế hoặc được tổ chức tín dụng bảo lãnh. Quá thời hạn, người nộp thuế nộp tiền chậm nộp "
        "0,03% mỗi ngày trên số tiền thuế chậm nộp.",
        "Duties are paid before clearance or release, unless a payment period applies or a credit institution "
        "guarantees them. Late payment bears interest of 0.03% a day on the amount paid late.",
        (
            ("Tiền chậm nộp thuế được tính thế nào?", "How is late-payment interest calculated?", "", ""),
            (
                "Nộp thuế điện tử 24/7 qua ngân hàng",
                "Paying duties electronically 24/7",
                "Thông tin nộp thuế được ngân hàng truyền tự động đến Hệ thống để thông quan hàng hóa.",
                "The bank transmits the payment automatically so the goods can be cleared.",
            ),
            ("Bảo lãnh chung cho nhiều tờ khai", "", "", ""),
            (
                "Doanh nghiệp ưu tiên được nộp thuế theo tháng",
                "",
                "Doanh nghiệp ưu tiên nộp thuế của các tờ khai trong tháng chậm nhất vào ngày thứ mười của tháng kế "
                "tiếp.",
                "",
            ),
            (
                "Bị cưỡng chế, dừng làm thủ tục hải quan do nợ thuế",
                "Customs procedures suspended because of tax debt",
                "Doanh nghiệp nộp đủ số tiền nợ thì được gỡ cưỡng chế ngay trên Hệ thống.",
                "Once the debt is paid, the enforcement is lifted on the System.",
            ),
        ),
    ),
    Topic(
        C.DUTIES,
        ("thuế suất", "biểu thuế"),
        (("107/2016/QH13", "Điều 5"), ("26/2023/NĐ-CP", "Điều 5")),
        "Thuế suất áp dụng là thuế suất tại thời điểm đăng ký tờ khai. Hàng có xuất xứ từ nước có thỏa thuận đối xử "
        "tối huệ quốc áp dụng thuế suất ưu đãi; hàng đáp ứng quy tắc xuất xứ của hiệp định thương mại tự do áp dụng "
        "thuế suất ưu đãi đặc biệt; các trường hợp khác áp dụng thuế suất thông thường.",
        "The rate is the one in force when the declaration is registered. Goods from countries granting "
        "most-favoured-nation treatment take the MFN rate; goods meeting a free trade agreement's rules of origin the "
        "special preferential rate; all others the general rate.",
        (
            ("Thuế suất nhập khẩu được áp dụng tại thời điểm nào?", "When is the import duty rate fixed?", "", ""),
            ("Thuế suất thông thường áp dụng khi nào?", "", "", ""),
            (
                "Hạn ngạch thuế quan đối với đường, trứng, muối",
                "",
                "Hàng nhập khẩu trong hạn ngạch áp dụng thuế suất trong hạn ngạch; ngoài hạn ngạch áp dụng thuế suất "
                "ngoài hạn ngạch.",
                "",
            ),
        ),
    ),
    # Processing, production for export, EPEs --------------------------------------------------------------------
    Topic(
        C.PROCESSING,
        ("báo cáo quyết toán", "gia công", "SXXK"),
        (("39/2018/TT-BTC", "khoản 39 Điều 1"), ("38/2015/TT-BTC", "Điều 60")),
        "Tổ chức, cá nhân nhập khẩu nguyên liệu, vật tư để gia công, sản xuất hàng xuất khẩu nộp báo cáo quyết toán "
        "tình hình sử dụng nguyên liệu, vật tư, máy móc, thiết bị và hàng hóa xuất khẩu theo năm tài chính, chậm nhất "
        "ngày thứ 90 kể từ ngày kết thúc năm tài chính. Báo cáo lập theo tổng trị giá nhập, xuất, tồn theo sổ kế toán.",
        "Businesses importing materials for processing or for producing exports file an annual report on the use of "
        "materials, machinery and exported goods for each financial year, at the latest on the 90th day after the "
        "year ends. The report follows the accounts: total value in, out and in stock.",
        (
            ("Thời hạn nộp báo cáo quyết toán nguyên liệu, vật tư", "When is the annual materials report due?", "", ""),
            (
                "Báo cáo quyết toán có sai sót sau khi nộp",
                "Correcting the annual report after filing",
                "Doanh nghiệp được sửa báo cáo trước khi cơ quan hải quan kiểm tra; sau đó sửa theo kết quả kiểm tra.",
                "It can be corrected before customs starts checking it, and afterwards in line with the findings.",
            ),
            (
                "Lập báo cáo quyết toán theo số lượng hay theo trị giá?",
                "",
                "Báo cáo theo trị giá trên sổ kế toán; khi kiểm tra, cơ quan hải quan có thể yêu cầu giải trình theo "
                "mã hàng và số lượng.",
                "",
            ),
            ("Chênh lệch tồn kho giữa sổ kế toán và báo cáo quyết toán", "", "", ""),
            ("Doanh nghiệp đã ngừng gia công có phải nộp báo cáo quyết toán?", "", "", ""),
            ("Báo cáo quyết toán máy móc, thiết bị tạm nhập để gia công", "", "", ""),
            (
                "Nộp báo cáo quyết toán qua Hệ thống hay bằng văn bản?",
                "",
                "Báo cáo quyết toán được nộp qua Hệ thống xử lý dữ liệu điện tử hải quan.",
                "",
            ),
        ),
    ),
    Topic(
        C.PROCESSING,
        ("định mức", "phế liệu"),
        (("38/2015/TT-BTC", "Điều 55"), ("39/2018/TT-BTC", "khoản 35 Điều 1")),
        "Doanh nghiệp tự xây dựng định mức thực tế sử dụng nguyên liệu, vật tư cho từng mã sản phẩm, lưu tại trụ sở và "
        "xuất trình khi cơ quan hải quan kiểm tra. Định mức gồm phần nguyên liệu cấu thành sản phẩm và phần hao hụt; "
        "khi thay đổi quy trình sản xuất, doanh nghiệp xây dựng lại định mức và lưu giữ các phiên bản.",
        "The business sets its own actual consumption norms for each product, keeps them at its premises and produces "
        "them when customs checks. A norm covers the materials in the product and the wastage; when the process "
        "changes, a new norm is set and every version is kept.",
        (
            ("Thay đổi định mức sau khi đã sản xuất", "Changing consumption norms after production", "", ""),
            (
                "Hao hụt nguyên liệu vượt định mức",
                "",
                "Phần hao hụt vượt định mức không được miễn thuế; doanh nghiệp phải khai nộp thuế.",
                "",
            ),
            (
                "Định mức có phải đăng ký với cơ quan hải quan không?",
                "Do consumption norms have to be registered with customs?",
                "Không đăng ký trước; doanh nghiệp lưu giữ và xuất trình khi được yêu cầu.",
                "No prior registration: keep them and produce them on request.",
            ),
            (
                "Phế liệu, phế phẩm trong quá trình gia công",
                "Scrap and rejects from processing",
                "Phế liệu trong định mức bán vào nội địa phải khai nộp thuế; tiêu hủy phải thông báo cho cơ quan hải "
                "quan.",
                "Scrap within the norms sold locally is declared and taxed; its destruction is notified to customs.",
            ),
        ),
    ),
    Topic(
        C.PROCESSING,
        ("doanh nghiệp chế xuất", "DNCX"),
        (("08/2015/NĐ-CP", "Điều 79"), ("59/2018/NĐ-CP", "khoản 44 Điều 1"), ("38/2015/TT-BTC", "Điều 74, Điều 75")),
        "Doanh nghiệp chế xuất được áp dụng chế độ khu phi thuế quan: hàng nhập khẩu từ nước ngoài để sản xuất không "
        "chịu thuế, quan hệ mua bán với thị trường nội địa là quan hệ xuất khẩu, nhập khẩu. Doanh nghiệp phải đáp ứng "
        "điều kiện kiểm tra, giám sát hải quan (tường rào, camera, phần mềm quản lý hàng hóa) trước khi được xác nhận.",
        "Export processing enterprises enjoy non-tariff-zone treatment: imports for production are duty-free and sales "
        "to and purchases from the domestic market are exports and imports. The enterprise must meet the customs "
        "control requirements (fence, cameras, inventory software) before it is confirmed.",
        (
            (
                "Doanh nghiệp chế xuất bán phế liệu vào nội địa",
                "Can an export processing enterprise sell scrap locally?",
                "Doanh nghiệp nội địa mua phế liệu làm thủ tục nhập khẩu và đáp ứng điều kiện bảo vệ môi trường.",
                "The local buyer files the import declaration and must meet the environmental conditions.",
            ),
            (
                "Doanh nghiệp chế xuất mua văn phòng phẩm trong nước có phải mở tờ khai?",
                "",
                "Văn phòng phẩm, lương thực, thực phẩm phục vụ điều hành và sinh hoạt được lựa chọn làm hoặc không làm "
                "thủ tục hải quan.",
                "",
            ),
            (
                "Điều kiện kiểm tra, giám sát hải quan đối với doanh nghiệp chế xuất",
                "Customs control requirements for export processing enterprises",
                "",
                "",
            ),
            (
                "Doanh nghiệp chế xuất thuê doanh nghiệp nội địa gia công",
                "",
                "Doanh nghiệp chế xuất làm thủ tục xuất khẩu nguyên liệu và nhập khẩu sản phẩm theo loại hình gia "
                "công.",
                "",
            ),
            ("Thanh lý tài sản cố định của doanh nghiệp chế xuất", "", "", ""),
        ),
    ),
    Topic(
        C.PROCESSING,
        ("cơ sở sản xuất", "năng lực sản xuất"),
        (("38/2015/TT-BTC", "Điều 56, Điều 57"), ("54/2014/QH13", "Điều 59")),
        "Tổ chức, cá nhân lần đầu nhập khẩu nguyên liệu để gia công, sản xuất xuất khẩu thông báo cơ sở sản xuất, nơi "
        "lưu giữ nguyên liệu và năng lực sản xuất cho chi cục hải quan quản lý trước khi đăng ký tờ khai đầu tiên. Cơ "
        "quan hải quan kiểm tra cơ sở sản xuất khi có dấu hiệu rủi ro.",
        "Before the first import of materials for processing or producing exports, notify the branch of the "
        "production facility, the storage place and the capacity. Customs inspects the facility when risk indicators "
        "appear.",
        (
            (
                "Thông báo cơ sở sản xuất khi lần đầu nhập khẩu nguyên liệu",
                "Notifying the production facility before the first import of materials",
                "",
                "",
            ),
            ("Thay đổi địa điểm cơ sở sản xuất có phải thông báo lại?", "", "", ""),
            ("Thuê cơ sở sản xuất của đơn vị khác để sản xuất hàng xuất khẩu", "", "", ""),
            ("Kiểm tra năng lực sản xuất của doanh nghiệp gia công", "", "", ""),
        ),
    ),
    # Specialised inspection and licences ------------------------------------------------------------------------
    Topic(
        C.SPECIALISED,
        ("kiểm tra chuyên ngành", "một cửa quốc gia"),
        (("59/2018/NĐ-CP", "khoản 23 Điều 1"), ("08/2015/NĐ-CP", "Điều 33"), ("38/2015/TT-BTC", "Điều 33")),
        "Hàng hóa thuộc danh mục phải kiểm tra chuyên ngành (chất lượng, an toàn thực phẩm, kiểm dịch động vật, thực "
        "vật) chỉ được thông quan khi có kết quả kiểm tra đạt yêu cầu, trừ trường hợp được mang về bảo quản. Hồ sơ "
        "đăng ký kiểm tra nộp qua Cổng thông tin một cửa quốc gia và kết quả được gửi tự động đến cơ quan hải quan.",
        "Goods on the lists subject to specialised inspection (quality, food safety, animal and plant quarantine) are "
        "cleared only with a satisfactory result, unless taken into storage pending it. Registration goes through the "
        "National Single Window, which sends the result to customs automatically.",
        (
            (
                "Linh kiện điện tử nhập khẩu để sản xuất có phải kiểm tra chất lượng không?",
                "Do electronic components imported for production need quality inspection?",
                "Hàng nhập khẩu để sản xuất, gia công hàng xuất khẩu không phải kiểm tra chất lượng trừ khi có quy "
                "định riêng.",
                "Goods imported to make exports are generally not subject to quality inspection unless a specific rule "
                "says so.",
            ),
            (
                "Kiểm tra an toàn thực phẩm đối với thực phẩm đóng gói nhập khẩu",
                "Food safety inspection of packaged imported food",
                "Sản phẩm đã tự công bố được kiểm tra theo phương thức giảm, thông thường hoặc chặt tùy lịch sử tuân "
                "thủ.",
                "Self-declared products are checked under the reduced, normal or strict regime depending on their "
                "record.",
            ),
            ("Kiểm dịch thực vật đối với gỗ nhập khẩu", "", "", ""),
            (
                "Miễn kiểm tra chất lượng cho hàng nhập khẩu cùng loại nhiều lần",
                "",
                "Hàng có kết quả đạt yêu cầu 03 lần liên tiếp được xem xét miễn kiểm tra trong thời hạn nhất định.",
                "",
            ),
            ("Hàng mẫu nhập khẩu để thử nghiệm có phải kiểm tra chuyên ngành?", "", "", ""),
            ("Thủ tục một cửa quốc gia cho giấy phép nhập khẩu", "Licences through the National Single Window", "", ""),
            ("Kiểm tra hiệu suất năng lượng đối với máy điều hòa nhập khẩu", "", "", ""),
        ),
    ),
    Topic(
        C.SPECIALISED,
        ("giấy phép", "hàng cấm"),
        (("69/2018/NĐ-CP", "Điều 8, Điều 9"), ("05/2017/QH14", "Điều 14")),
        "Hàng hóa thuộc danh mục xuất khẩu, nhập khẩu theo giấy phép phải có giấy phép của bộ, ngành quản lý trước khi "
        "làm thủ tục hải quan; hàng cấm xuất khẩu, nhập khẩu không được làm thủ tục. Giấy phép điện tử được cấp qua "
        "Cổng thông tin một cửa quốc gia và cơ quan hải quan tự đối chiếu, trừ lùi.",
        "Goods requiring a licence need it from the ministry concerned before the customs procedure; prohibited goods "
        "cannot be cleared. Electronic licences are issued through the National Single Window and customs matches and "
        "draws them down automatically.",
        (
            (
                "Nhập khẩu máy móc đã qua sử dụng có cần giấy phép?",
                "Importing used machinery: is a licence required?",
                "Máy móc đã qua sử dụng phải đáp ứng tiêu chí về tuổi thiết bị và công suất, kèm chứng thư giám định.",
                "Used machinery must meet age and capacity criteria and come with an inspection certificate.",
            ),
            ("Nhập khẩu hóa chất phải khai báo hóa chất", "", "", ""),
            (
                "Giấy phép nhập khẩu đã bị trừ lùi hết số lượng",
                "",
                "Doanh nghiệp đề nghị cơ quan cấp phép điều chỉnh hoặc cấp giấy phép mới trước khi đăng ký tờ khai "
                "tiếp theo.",
                "",
            ),
            ("Nhập khẩu phế liệu làm nguyên liệu sản xuất", "Importing scrap as a production material", "", ""),
            ("Xuất khẩu gỗ có cần hồ sơ lâm sản hợp pháp?", "", "", ""),
        ),
    ),
    Topic(
        C.SPECIALISED,
        ("nhãn hàng hóa", "nhãn phụ"),
        (("38/2015/TT-BTC", "Điều 16"), ("05/2017/QH14", "")),
        "Hàng hóa nhập khẩu lưu thông tại Việt Nam phải có nhãn gốc thể hiện tên hàng, xuất xứ và tên tổ chức chịu "
        "trách nhiệm; nhãn phụ tiếng Việt được bổ sung trước khi đưa ra lưu thông. Hàng có nhãn thể hiện sai xuất xứ "
        "không được thông quan cho đến khi khắc phục.",
        "Imported goods sold in Vietnam must bear an original label with the name, origin and the responsible "
        "organisation; a Vietnamese sub-label is added before they are put on the market. Goods labelled with a wrong "
        "origin are not cleared until corrected.",
        (
            (
                "Hàng nhập khẩu thiếu nhãn phụ tiếng Việt có thông quan được không?",
                "Can goods be cleared without a Vietnamese sub-label?",
                "Nhãn phụ được dán sau khi thông quan, trước khi đưa hàng ra lưu thông.",
                "The sub-label may be added after clearance, before the goods are put on the market.",
            ),
            ("Nhãn hàng hóa không thể hiện xuất xứ", "", "", ""),
            (
                "Linh kiện nhập khẩu để sản xuất có bắt buộc ghi nhãn phụ?",
                "",
                "Linh kiện, nguyên liệu nhập khẩu để sản xuất không đưa ra lưu thông thì không bắt buộc nhãn phụ tiếng "
                "Việt.",
                "",
            ),
            ("Hàng tạm nhập tái xuất có phải đáp ứng quy định về nhãn?", "", "", ""),
        ),
    ),
    Topic(
        C.SPECIALISED,
        ("mỹ phẩm", "thiết bị y tế", "phân bón"),
        (("69/2018/NĐ-CP", ""), ("59/2018/NĐ-CP", "khoản 23 Điều 1")),
        "Mỹ phẩm, trang thiết bị y tế, thuốc thú y, phân bón nhập khẩu phải có số công bố, số đăng ký lưu hành hoặc "
        "giấy phép của cơ quan quản lý chuyên ngành; cơ quan hải quan đối chiếu thông tin trên Cổng thông tin một cửa "
        "quốc gia khi làm thủ tục.",
        "Imported cosmetics, medical devices, veterinary drugs and fertilisers need a notification number, a "
        "registration or a licence from the authority concerned; customs checks it on the National Single Window.",
        (
            ("Nhập khẩu mỹ phẩm cần phiếu công bố sản phẩm", "Importing cosmetics: product notification", "", ""),
            ("Trang thiết bị y tế loại A nhập khẩu", "", "", ""),
            ("Phân bón nhập khẩu phải kiểm tra chất lượng", "Quality inspection of imported fertiliser", "", ""),
            ("Thuốc thú y nhập khẩu để nghiên cứu", "", "", ""),
        ),
    ),
    # Post-clearance audit ---------------------------------------------------------------------------------------
    Topic(
        C.POST_CLEARANCE,
        ("kiểm tra sau thông quan",),
        (("54/2014/QH13", "Điều 77, Điều 78"), ("38/2015/TT-BTC", "Điều 141")),
        "Kiểm tra sau thông quan được thực hiện trong thời hạn 05 năm kể từ ngày đăng ký tờ khai, tại trụ sở cơ quan "
        "hải quan hoặc tại trụ sở người khai hải quan. Người khai cung cấp hồ sơ, sổ sách, chứng từ kế toán và giải "
        "trình; kết luận kiểm tra là căn cứ để ấn định thuế và xử lý vi phạm.",
        "A post-clearance audit may take place within five years of registration, at the customs office or at the "
        "declarant's premises. The declarant provides records, accounts and explanations; the findings are the basis "
        "for assessing duty and for penalties.",
        (
            (
                "Thời hạn kiểm tra sau thông quan tại trụ sở doanh nghiệp",
                "How long can a post-clearance audit at our premises last?",
                "Kiểm tra tại trụ sở người khai hải quan tối đa 05 ngày làm việc, có thể gia hạn một lần.",
                "An audit at the business's premises lasts up to five working days and may be extended once.",
            ),
            ("Doanh nghiệp tự phát hiện sai sót trong khi kiểm tra sau thông quan", "", "", ""),
            (
                "Hồ sơ cần chuẩn bị khi kiểm tra sau thông quan",
                "Documents to prepare for a post-clearance audit",
                "",
                "",
            ),
            (
                "Không đồng ý với kết luận kiểm tra sau thông quan",
                "",
                "Doanh nghiệp được giải trình trước khi ban hành kết luận và có quyền khiếu nại quyết định ấn định "
                "thuế.",
                "",
            ),
            (
                "Thời gian lưu giữ hồ sơ hải quan",
                "How long must customs records be kept?",
                "Hồ sơ hải quan và chứng từ liên quan được lưu giữ tối thiểu 05 năm kể từ ngày đăng ký tờ khai.",
                "Keep customs records for at least five years from registration.",
            ),
            ("Kiểm tra sau thông quan về trị giá giao dịch giữa các bên liên kết", "", "", ""),
        ),
    ),
    Topic(
        C.POST_CLEARANCE,
        ("ấn định thuế",),
        (("38/2019/QH14", "Điều 52"), ("06/2021/TT-BTC", "")),
        "Cơ quan hải quan ấn định thuế khi người nộp thuế khai không đúng, không đủ căn cứ tính thuế hoặc không chứng "
        "minh được số thuế đã khai. Người nộp thuế nộp số tiền thuế ấn định và tiền chậm nộp trong thời hạn ghi trên "
        "quyết định.",
        "Customs assesses duty when the declaration is wrong, incomplete or cannot be supported. The business pays the "
        "assessed duty and late-payment interest within the time stated in the decision.",
        (
            ("Quyết định ấn định thuế sau khi kiểm tra", "", "", ""),
            ("Thời hạn nộp tiền thuế ấn định", "When must an assessed amount be paid?", "", ""),
            ("Ấn định thuế khi khai sai mã HS", "", "", ""),
            ("Gia hạn nộp tiền thuế ấn định", "", "", ""),
        ),
    ),
    Topic(
        C.POST_CLEARANCE,
        ("quyết định kiểm tra", "giải trình"),
        (("54/2014/QH13", "Điều 79, Điều 80"), ("59/2018/NĐ-CP", "")),
        "Trước khi kiểm tra sau thông quan, cơ quan hải quan gửi quyết định kiểm tra cho người khai hải quan chậm nhất "
        "05 ngày làm việc trước ngày tiến hành. Trong quá trình kiểm tra, người khai được khai bổ sung và giải trình.",
        "Customs sends the audit decision at least five working days before the audit starts. During the audit the "
        "declarant may amend declarations and explain.",
        (
            (
                "Nhận quyết định kiểm tra sau thông quan thì cần làm gì?",
                "What to do after receiving a post-clearance audit decision",
                "",
                "",
            ),
            (
                "Có được đề nghị lùi thời gian kiểm tra sau thông quan?",
                "",
                "Doanh nghiệp có lý do chính đáng gửi văn bản đề nghị lùi thời gian kiểm tra.",
                "",
            ),
            (
                "Kiểm tra sau thông quan đối với doanh nghiệp ưu tiên",
                "",
                "Doanh nghiệp ưu tiên được kiểm tra tối đa một lần trong năm, trừ khi có dấu hiệu vi phạm.",
                "",
            ),
            ("Kiểm tra việc tuân thủ pháp luật hải quan của doanh nghiệp", "", "", ""),
            ("Cung cấp số liệu kế toán dạng điện tử khi kiểm tra", "", "", ""),
        ),
    ),
    Topic(
        C.POST_CLEARANCE,
        ("tự nguyện khai bổ sung", "miễn phạt"),
        (("38/2015/TT-BTC", "Điều 20"), ("128/2020/NĐ-CP", "Điều 5")),
        "Người khai hải quan tự phát hiện sai sót và khai bổ sung trước khi cơ quan hải quan quyết định kiểm tra sau "
        "thông quan, thanh tra thì không bị xử phạt, nếu sai sót không phải là gian lận và đã nộp đủ số thuế còn "
        "thiếu.",
        "A declarant who finds an error and amends before customs decides on an audit or inspection is not penalised, "
        "provided the error is not fraud and the missing duty is paid.",
        (
            ("Tự nguyện khai bổ sung để được miễn phạt", "Voluntary disclosure to avoid penalties", "", ""),
            ("Tiền chậm nộp khi tự khai bổ sung làm tăng số thuế", "", "", ""),
            (
                "Tự khai bổ sung sau khi đã có quyết định kiểm tra",
                "",
                "Sau khi có quyết định kiểm tra, việc khai bổ sung vẫn được chấp nhận nhưng có thể bị xử phạt.",
                "",
            ),
            ("Sai sót do người bán xuất hóa đơn sai", "", "", ""),
            (
                "Khai bổ sung nhiều tờ khai có cùng một sai sót",
                "Amending many declarations with the same error",
                "",
                "",
            ),
        ),
    ),
    # Penalties and complaints -----------------------------------------------------------------------------------
    Topic(
        C.PENALTIES,
        ("xử phạt", "khai sai"),
        (("128/2020/NĐ-CP", "Điều 9"), ("102/2021/NĐ-CP", "khoản 3 Điều 3")),
        "Hành vi khai sai tên hàng, chủng loại, số lượng, trị giá, mã số, xuất xứ dẫn đến thiếu số thuế phải nộp bị "
        "phạt tiền theo tỷ lệ trên số thuế khai thiếu, ngoài việc nộp đủ số thuế. Mức phạt giảm khi có tình tiết giảm "
        "nhẹ và không áp dụng khi người khai tự phát hiện, khai bổ sung trong thời hạn.",
        "Misdeclaring the description, kind, quantity, value, code or origin so that less duty is paid is fined as a "
        "percentage of the duty under-declared, on top of the duty. The fine is reduced for mitigating circumstances "
        "and not imposed when the declarant finds the error and amends in time.",
        (
            (
                "Mức phạt khai sai mã HS dẫn đến thiếu thuế",
                "Penalty for a wrong HS code that reduced the duty",
                "Mức phạt là 20% số tiền thuế khai thiếu.",
                "The fine is 20% of the duty under-declared.",
            ),
            ("Khai sai nhưng không ảnh hưởng đến số thuế có bị phạt?", "", "", ""),
            ("Khai sai xuất xứ để hưởng thuế suất ưu đãi", "", "", ""),
            ("Tình tiết giảm nhẹ khi xử phạt vi phạm hành chính về hải quan", "", "", ""),
            (
                "Thời hiệu xử phạt vi phạm hành chính về hải quan",
                "Limitation period for customs administrative penalties",
                "Thời hiệu xử phạt là 01 năm; vi phạm dẫn đến thiếu thuế có thời hiệu 05 năm.",
                "One year in general; five years for violations that led to unpaid duty.",
            ),
            ("Nộp báo cáo quyết toán quá hạn bị phạt thế nào?", "", "", ""),
        ),
    ),
    Topic(
        C.PENALTIES,
        ("khiếu nại", "khởi kiện"),
        (("54/2014/QH13", "Điều 9"), ("38/2019/QH14", "")),
        "Người khai hải quan có quyền khiếu nại quyết định hành chính, hành vi hành chính của cơ quan hải quan, công "
        "chức hải quan trong thời hạn 90 ngày kể từ ngày nhận được quyết định hoặc biết được hành vi. Trong thời gian "
        "giải quyết khiếu nại, người khai vẫn phải thực hiện quyết định, trừ khi được tạm đình chỉ.",
        "A declarant may complain about an administrative decision or act of customs or a customs officer within 90 "
        "days of receiving the decision or learning of the act. The decision must be complied with meanwhile, unless "
        "suspended.",
        (
            ("Thủ tục khiếu nại quyết định ấn định thuế", "How to appeal a tax assessment decision", "", ""),
            ("Thời hạn giải quyết khiếu nại lần đầu", "", "", ""),
            ("Khởi kiện ra tòa án quyết định của cơ quan hải quan", "", "", ""),
            ("Đề nghị tạm đình chỉ thi hành quyết định bị khiếu nại", "", "", ""),
        ),
    ),
    Topic(
        C.PENALTIES,
        ("nộp phạt", "biên bản vi phạm"),
        (("128/2020/NĐ-CP", "Điều 29"),),
        "Biên bản vi phạm hành chính được lập ngay khi phát hiện vi phạm; quyết định xử phạt được ban hành trong 07 "
        "ngày làm việc, lâu hơn khi cần xác minh. Tiền phạt nộp qua ngân hàng hoặc Cổng dịch vụ công; tổ chức có thể "
        "đề nghị nộp phạt nhiều lần khi đủ điều kiện.",
        "A report is drawn up as soon as a violation is found; the penalty decision follows within seven working days, "
        "longer when facts must be verified. Fines are paid through a bank or the public services portal; payment in "
        "instalments may be requested when the conditions are met.",
        (
            ("Nộp tiền phạt vi phạm hành chính về hải quan trực tuyến", "Paying a customs fine online", "", ""),
            ("Quá hạn nộp phạt thì bị xử lý thế nào?", "", "", ""),
            ("Xử phạt khi chậm làm thủ tục tái xuất", "", "", ""),
            (
                "Doanh nghiệp có được giải trình trước khi ra quyết định xử phạt?",
                "Can we explain ourselves before a penalty decision?",
                "Người vi phạm có quyền giải trình bằng văn bản hoặc trực tiếp trong thời hạn ghi trên biên bản.",
                "The offender may explain in writing or in person within the time stated in the report.",
            ),
            ("Hàng hóa bị tạm giữ trong khi xử lý vi phạm", "", "", ""),
        ),
    ),
    Topic(
        C.PENALTIES,
        ("vi phạm thủ tục", "cảnh cáo"),
        (("128/2020/NĐ-CP", "Điều 7, Điều 12"), ("102/2021/NĐ-CP", "")),
        "Vi phạm về thủ tục hải quan như khai quá thời hạn, không nộp chứng từ, không lưu giữ hồ sơ bị phạt cảnh cáo "
        "hoặc phạt tiền theo khung quy định; vi phạm lần đầu, có tình tiết giảm nhẹ có thể chỉ bị cảnh cáo.",
        "Procedural violations such as late declarations, missing documents or records not kept are punished by a "
        "warning or a fine within the set range; a first violation with mitigating circumstances may get only a "
        "warning.",
        (
            ("Phạt chậm nộp chứng từ bổ sung theo yêu cầu của hải quan", "", "", ""),
            ("Không xuất trình hàng hóa để kiểm tra đúng hẹn", "", "", ""),
            ("Để hàng quá thời hạn lưu tại cảng", "Goods left at the port beyond the storage limit", "", ""),
            ("Phạt cảnh cáo được áp dụng khi nào?", "", "", ""),
            ("Thay đổi nội dung tờ khai không đúng thời hạn", "", "", ""),
        ),
    ),
    # AEO and compliance ---------------------------------------------------------------------------------------
    Topic(
        C.AEO,
        ("AEO", "doanh nghiệp ưu tiên"),
        (("72/2015/TT-BTC", "Điều 7, Điều 10"), ("07/2019/TT-BTC", "khoản 4 Điều 1"), ("54/2014/QH13", "Điều 42")),
        "Doanh nghiệp được áp dụng chế độ ưu tiên khi tuân thủ pháp luật hải quan, thuế trong 02 năm liên tục, có hệ "
        "thống kiểm soát nội bộ, thanh toán qua ngân hàng, kế toán theo chuẩn mực và đạt kim ngạch xuất khẩu, nhập "
        "khẩu tối thiểu theo quy định. Hồ sơ đề nghị nộp cho Cục Hải quan kèm báo cáo tự đánh giá tuân thủ.",
        "A business qualifies as an Authorised Economic Operator after two consecutive years of compliance with "
        "customs and tax law, with internal controls, payments through banks, standard accounting and the minimum "
        "trade volume. Apply to the Customs Department with a self-assessment of compliance.",
        (
            (
                "Điều kiện để trở thành doanh nghiệp ưu tiên (AEO)",
                "Criteria for Authorised Economic Operator (AEO) status",
                "",
                "",
            ),
            ("Kim ngạch xuất nhập khẩu tối thiểu để được công nhận doanh nghiệp ưu tiên", "", "", ""),
            ("Hồ sơ đề nghị công nhận doanh nghiệp ưu tiên", "Application file for AEO status", "", ""),
            (
                "Doanh nghiệp mới thành lập có được đề nghị công nhận AEO?",
                "",
                "Doanh nghiệp phải có hoạt động xuất khẩu, nhập khẩu tối thiểu 02 năm.",
                "",
            ),
            ("Thời hạn thẩm định hồ sơ đề nghị công nhận AEO", "", "", ""),
        ),
    ),
    Topic(
        C.AEO,
        ("AEO", "quyền lợi"),
        (("72/2015/TT-BTC", "Điều 9"), ("54/2014/QH13", "Điều 43")),
        "Doanh nghiệp ưu tiên được miễn kiểm tra hồ sơ, kiểm tra thực tế hàng hóa (trừ khi có dấu hiệu vi phạm), làm "
        "thủ tục trước và nộp chứng từ sau, nộp thuế theo tháng và được kiểm tra sau thông quan tối đa một lần trong "
        "năm. Doanh nghiệp báo cáo định kỳ và thông báo khi có thay đổi ảnh hưởng đến điều kiện.",
        "AEOs are exempt from document checks and examinations (unless there are signs of a violation), may declare "
        "first and submit documents later, pay duties monthly and are audited at most once a year. They report "
        "periodically and notify changes that affect the criteria.",
        (
            ("Doanh nghiệp ưu tiên được hưởng những ưu đãi gì?", "What benefits does AEO status bring?", "", ""),
            ("Đình chỉ, thu hồi chế độ doanh nghiệp ưu tiên", "Suspension and withdrawal of AEO status", "", ""),
            (
                "Thỏa thuận công nhận lẫn nhau về AEO với hải quan nước ngoài",
                "Mutual recognition of AEO with other customs administrations",
                "",
                "",
            ),
            ("Báo cáo định kỳ của doanh nghiệp ưu tiên", "", "", ""),
            ("Doanh nghiệp ưu tiên thay đổi địa chỉ trụ sở", "", "", ""),
        ),
    ),
    Topic(
        C.AEO,
        ("mức độ tuân thủ", "quản lý rủi ro"),
        (("81/2019/TT-BTC", "Điều 12, Điều 13"),),
        "Cơ quan hải quan đánh giá mức độ tuân thủ của doanh nghiệp theo các mức từ doanh nghiệp ưu tiên đến doanh "
        "nghiệp không tuân thủ, dựa trên lịch sử xuất khẩu, nhập khẩu và vi phạm; mức tuân thủ được đánh giá lại định "
        "kỳ và ảnh hưởng đến tỷ lệ kiểm tra hồ sơ và kiểm tra thực tế.",
        "Customs rates every business's compliance, from AEO down to non-compliant, on its trade and violation "
        "history; the level is reassessed periodically and drives the rate of document checks and examinations.",
        (
            (
                "Doanh nghiệp xem mức độ tuân thủ của mình ở đâu?",
                "Where can we see our compliance level?",
                "Doanh nghiệp tra cứu trên Cổng thông tin điện tử hải quan hoặc đề nghị chi cục quản lý cung cấp.",
                "Look it up on the customs portal or ask the managing branch.",
            ),
            ("Nâng mức độ tuân thủ sau khi khắc phục vi phạm", "", "", ""),
            ("Tiêu chí đánh giá doanh nghiệp không tuân thủ", "", "", ""),
            (
                "Tham gia chương trình hợp tác tuân thủ tự nguyện với cơ quan hải quan",
                "Joining the voluntary compliance programme",
                "",
                "",
            ),
            ("Ảnh hưởng của vi phạm hành chính đến mức độ tuân thủ", "", "", ""),
        ),
    ),
    Topic(
        C.AEO,
        ("AEO", "kiểm soát nội bộ"),
        (("72/2015/TT-BTC", "Điều 12"), ("07/2019/TT-BTC", "")),
        "Hệ thống kiểm soát nội bộ của doanh nghiệp ưu tiên gồm quy trình quản lý hàng hóa, chứng từ, an ninh chuỗi "
        "cung ứng và kết nối dữ liệu với cơ quan hải quan; cơ quan hải quan kiểm tra thực tế trước khi công nhận và "
        "đánh giá lại 03 năm một lần.",
        "An AEO's internal controls cover goods and document management, supply-chain security and data links with "
        "customs; customs checks them on site before recognition and reassesses them every three years.",
        (
            ("Yêu cầu về an ninh chuỗi cung ứng đối với AEO", "Supply-chain security requirements for AEO", "", ""),
            ("Đánh giá lại doanh nghiệp ưu tiên định kỳ", "", "", ""),
            ("Kết nối phần mềm quản lý hàng hóa với cơ quan hải quan", "", "", ""),
            (
                "Đại lý làm thủ tục hải quan được công nhận ưu tiên",
                "",
                "Đại lý làm thủ tục hải quan đáp ứng điều kiện cũng được công nhận ưu tiên.",
                "",
            ),
            ("Thay đổi người đại diện theo pháp luật của doanh nghiệp ưu tiên", "", "", ""),
        ),
    ),
    # IT systems -------------------------------------------------------------------------------------------------
    Topic(
        C.IT_SYSTEMS,
        ("VNACCS", "chữ ký số"),
        (("08/2015/NĐ-CP", "Điều 4"), ("38/2015/TT-BTC", "Điều 3, Điều 4")),
        "Khi Hệ thống xử lý dữ liệu điện tử hải quan gặp sự cố, cơ quan hải quan thông báo trên Cổng thông tin điện tử "
        "và hướng dẫn khai trên bản giấy hoặc khai sau khi hệ thống hoạt động trở lại. Lỗi của phần mềm khai báo hoặc "
        "chữ ký số phía doanh nghiệp, doanh nghiệp liên hệ nhà cung cấp và bộ phận hỗ trợ của cơ quan hải quan.",
        "When the customs electronic system fails, customs announces it on its portal and explains whether to declare "
        "on paper or once the system is back. For faults in the business's declaration software or digital signature, "
        "contact the supplier and the customs help desk.",
        (
            (
                "Hệ thống VNACCS báo lỗi khi đăng ký tờ khai",
                "VNACCS returns an error when registering a declaration",
                "Doanh nghiệp tra cứu mã lỗi trong tài liệu hướng dẫn và sửa chỉ tiêu khai báo tương ứng.",
                "Look up the error code in the guide and correct the field concerned.",
            ),
            ("Đăng ký chữ ký số với cơ quan hải quan", "Registering a digital signature with customs", "", ""),
            ("Hệ thống gặp sự cố ngoài giờ hành chính", "", "", ""),
            (
                "Đăng ký tài khoản khai báo hải quan điện tử",
                "Registering to file electronic declarations",
                "Doanh nghiệp đăng ký người sử dụng trên Cổng thông tin điện tử hải quan bằng chữ ký số.",
                "Register the users on the customs portal with a digital signature.",
            ),
            ("Khai sai mã loại hình trên VNACCS", "", "", ""),
            (
                "Tra cứu trạng thái tờ khai trên Cổng thông tin điện tử",
                "Checking a declaration's status online",
                "Trạng thái tờ khai, phân luồng và thông quan được tra cứu trên Cổng thông tin điện tử hải quan.",
                "The status, lane and release of a declaration can be looked up on the customs portal.",
            ),
        ),
    ),
    Topic(
        C.IT_SYSTEMS,
        ("nộp thuế điện tử", "e-payment"),
        (("06/2021/TT-BTC", ""), ("38/2019/QH14", "")),
        "Người nộp thuế nộp tiền thuế, phí, lệ phí điện tử qua các ngân hàng phối hợp thu, bằng ủy nhiệm chi điện tử "
        "hoặc qua Cổng thanh toán điện tử hải quan 24/7; thông tin nộp tiền được cập nhật tự động vào Hệ thống để "
        "thông quan.",
        "Duties, fees and charges are paid electronically through the collecting banks, by electronic payment order or "
        "through the customs 24/7 payment portal; the payment reaches the System automatically for clearance.",
        (
            (
                "Đã nộp thuế nhưng Hệ thống chưa cập nhật",
                "Duty paid but the System has not updated",
                "Doanh nghiệp kiểm tra thông tin nộp tiền (số tờ khai, mã chương, tài khoản thu) và gửi chứng từ nộp "
                "tiền cho chi cục để đối chiếu.",
                "Check the payment details (declaration number, chapter code, receiving account) and send the payment "
                "record to the branch.",
            ),
            ("Nộp lệ phí hải quan theo tháng", "", "", ""),
            ("Nộp nhầm tài khoản thu ngân sách", "", "", ""),
            ("In chứng từ nộp thuế điện tử", "", "", ""),
        ),
    ),
    Topic(
        C.IT_SYSTEMS,
        ("manifest", "VASSCM"),
        (("38/2015/TT-BTC", "Điều 52a"), ("39/2018/TT-BTC", "")),
        "Hãng tàu, đại lý hãng tàu khai thông tin bản lược khai hàng hóa (manifest) điện tử qua Cổng thông tin một cửa "
        "quốc gia trước khi tàu đến; doanh nghiệp kinh doanh cảng, kho, bãi kết nối Hệ thống VASSCM để xác nhận hàng "
        "vào, ra khu vực giám sát.",
        "Shipping lines and their agents file the electronic manifest through the National Single Window before the "
        "vessel arrives; port and warehouse operators connect to VASSCM to confirm goods entering and leaving the "
        "control area.",
        (
            ("Sửa thông tin manifest sau khi tàu đến", "Correcting the manifest after arrival", "", ""),
            ("Hàng không được xác nhận qua khu vực giám sát trên VASSCM", "", "", ""),
            ("Kết nối hệ thống quản lý kho với VASSCM", "Connecting a warehouse system to VASSCM", "", ""),
            ("Khai vận đơn gom hàng (house bill) điện tử", "", "", ""),
            ("Số vận đơn khai sai trên tờ khai nhập khẩu", "", "", ""),
        ),
    ),
    Topic(
        C.IT_SYSTEMS,
        ("dịch vụ công trực tuyến",),
        (("54/2014/QH13", "Điều 7"), ("08/2015/NĐ-CP", "")),
        "Các thủ tục hành chính hải quan được cung cấp dưới dạng dịch vụ công trực tuyến trên Cổng dịch vụ công quốc "
        "gia và Cổng thông tin một cửa quốc gia; doanh nghiệp nộp hồ sơ, theo dõi tình trạng và nhận kết quả điện tử.",
        "Customs administrative procedures are offered online on the national public services portal and the National "
        "Single Window; businesses file, follow and receive the results electronically.",
        (
            ("Nộp hồ sơ xác định trước mã số trực tuyến", "", "", ""),
            (
                "Theo dõi tiến độ giải quyết hồ sơ trên Cổng dịch vụ công",
                "Tracking an application on the public services portal",
                "",
                "",
            ),
            ("Nhận kết quả giải quyết thủ tục dưới dạng điện tử", "", "", ""),
            ("Hồ sơ trực tuyến bị từ chối do thiếu chữ ký số", "", "", ""),
            ("Tài khoản dịch vụ công của doanh nghiệp bị khóa", "", "", ""),
        ),
    ),
    # Intellectual property ----------------------------------------------------------------------------------
    Topic(
        C.IPR,
        ("sở hữu trí tuệ", "tạm dừng làm thủ tục"),
        (("13/2015/TT-BTC", "Điều 5, Điều 6"), ("54/2014/QH13", "Điều 73, Điều 74")),
        "Chủ thể quyền sở hữu trí tuệ nộp đơn đề nghị kiểm tra, giám sát hàng hóa xuất khẩu, nhập khẩu liên quan đến "
        "quyền sở hữu trí tuệ tại Cục Hải quan; đơn có hiệu lực 02 năm và có thể gia hạn. Khi phát hiện hàng nghi vấn, "
        "cơ quan hải quan thông báo cho chủ thể quyền để đề nghị tạm dừng làm thủ tục.",
        "Right holders apply to the Customs Department to have goods monitored for their intellectual property rights; "
        "an application is valid for two years and renewable. When suspect goods turn up, customs informs the right "
        "holder, who may ask for the clearance to be suspended.",
        (
            ("Đăng ký giám sát nhãn hiệu tại cơ quan hải quan", "Recording a trademark with customs", "", ""),
            ("Thời hạn hiệu lực của đơn đề nghị kiểm tra, giám sát", "", "", ""),
            (
                "Tạm dừng làm thủ tục hải quan đối với hàng nghi xâm phạm",
                "Suspending the clearance of suspected infringing goods",
                "Chủ thể quyền nộp khoản bảo đảm và đơn đề nghị tạm dừng; thời hạn tạm dừng là 10 ngày làm việc, có "
                "thể gia hạn.",
                "The right holder lodges a security and a request; the suspension lasts ten working days and can be "
                "extended.",
            ),
            ("Chủ thể quyền ở nước ngoài ủy quyền cho đại diện", "", "", ""),
            ("Hàng nhập khẩu song song có bị coi là xâm phạm?", "Are parallel imports infringing?", "", ""),
        ),
    ),
    Topic(
        C.IPR,
        ("hàng giả",),
        (("98/2020/NĐ-CP", "Điều 9"), ("13/2015/TT-BTC", "")),
        "Hàng giả mạo nhãn hiệu, chỉ dẫn địa lý hoặc giả mạo chất lượng, công dụng bị tạm giữ và xử lý theo quy định; "
        "cơ quan hải quan phối hợp với chủ thể quyền và cơ quan quản lý thị trường để giám định. Người nhận hàng có "
        "thể bị xử phạt nếu không chứng minh được nguồn gốc hợp pháp của hàng hóa.",
        "Goods bearing counterfeit trademarks or geographical indications, or fake in quality or use, are seized and "
        "dealt with under the law; customs works with the right holder and market surveillance to establish the facts. "
        "The consignee may be fined unless it can show the goods' lawful source.",
        (
            (
                "Hàng nhập khẩu bị nghi là hàng giả thì xử lý thế nào?",
                "What happens to imports suspected to be counterfeit?",
                "",
                "",
            ),
            ("Tiêu hủy hàng giả bị tịch thu", "", "", ""),
            ("Hàng quá cảnh mang nhãn hiệu giả", "", "", ""),
            ("Trách nhiệm của người vận chuyển khi chở hàng giả", "", "", ""),
        ),
    ),
    Topic(
        C.IPR,
        ("kiểu dáng công nghiệp", "OEM"),
        (("13/2015/TT-BTC", "Điều 10"), ("54/2014/QH13", "Điều 75")),
        "Cơ quan hải quan chủ động kiểm tra hàng hóa có dấu hiệu xâm phạm quyền sở hữu trí tuệ ngay cả khi chưa có đơn "
        "của chủ thể quyền và thông báo cho chủ thể quyền để xác định. Quyền tác giả, kiểu dáng công nghiệp và sáng "
        "chế cũng được bảo vệ tại biên giới.",
        "Customs may act on its own against goods that appear to infringe, even without an application, and informs "
        "the right holder. Copyright, industrial designs and patents are protected at the border too.",
        (
            ("Kiểm tra hàng xâm phạm kiểu dáng công nghiệp", "", "", ""),
            (
                "Xuất khẩu hàng mang thương hiệu được ủy quyền sản xuất (OEM)",
                "Exporting goods made under an OEM licence",
                "Doanh nghiệp xuất trình hợp đồng ủy quyền sử dụng nhãn hiệu khi cơ quan hải quan yêu cầu.",
                "Show the trademark licence when customs asks for it.",
            ),
            ("Phụ tùng thay thế mang nhãn hiệu của nhà sản xuất xe", "", "", ""),
            ("Phần mềm cài sẵn trên thiết bị nhập khẩu", "", "", ""),
            (
                "Chủ thể quyền không phản hồi khi hải quan thông báo",
                "",
                "Hàng hóa được tiếp tục làm thủ tục khi hết thời hạn mà chủ thể quyền không đề nghị tạm dừng.",
                "",
            ),
        ),
    ),
    Topic(
        C.IPR,
        ("hành lý", "chuyển phát nhanh"),
        (("13/2015/TT-BTC", "Điều 3"), ("54/2014/QH13", "Điều 76")),
        "Hàng hóa mang theo người, hành lý của người xuất cảnh, nhập cảnh vì mục đích cá nhân với số lượng hợp lý "
        "không áp dụng biện pháp kiểm soát quyền sở hữu trí tuệ; số lượng vượt mức sử dụng cá nhân được coi là hàng "
        "hóa thương mại.",
        "Reasonable quantities carried by travellers for personal use are not subject to border IP controls; larger "
        "quantities are treated as commercial goods.",
        (
            ("Mang hàng hiệu giả trong hành lý nhập cảnh", "", "", ""),
            (
                "Hàng gửi qua đường chuyển phát nhanh có dấu hiệu giả mạo nhãn hiệu",
                "Express parcels with suspected fake trademarks",
                "",
                "",
            ),
            ("Số lượng hợp lý cho mục đích sử dụng cá nhân", "", "", ""),
            ("Hàng mẫu mang nhãn hiệu chưa đăng ký tại Việt Nam", "", "", ""),
            ("Hàng tái xuất trả lại do chủ thể quyền khiếu nại", "", "", ""),
            (
                "Nhãn hiệu chưa được bảo hộ tại Việt Nam có được giám sát?",
                "Can an unregistered trademark be recorded with customs?",
                "Chỉ quyền đã được xác lập, bảo hộ tại Việt Nam mới được đề nghị kiểm tra, giám sát.",
                "Only rights established and protected in Vietnam can be recorded.",
            ),
        ),
    ),
    # Border trade, e-commerce, express --------------------------------------------------------------------------
    Topic(
        C.BORDER_ECOMMERCE,
        ("thương mại điện tử",),
        (("08/2015/NĐ-CP", "Điều 97"), ("38/2015/TT-BTC", "")),
        "Hàng hóa xuất khẩu, nhập khẩu giao dịch qua thương mại điện tử được làm thủ tục trên hệ thống của cơ quan hải "
        "quan theo tờ khai hàng hóa hoặc tờ khai hàng trị giá thấp; người bán, sàn thương mại điện tử và doanh nghiệp "
        "chuyển phát cung cấp thông tin đơn hàng, thanh toán, vận chuyển cho cơ quan hải quan.",
        "Goods traded through e-commerce are declared on the customs system on an ordinary or a low-value declaration; "
        "sellers, platforms and couriers provide the order, payment and transport data to customs.",
        (
            (
                "Nhập khẩu hàng bán qua sàn thương mại điện tử xuyên biên giới",
                "Importing goods sold on cross-border e-commerce platforms",
                "",
                "",
            ),
            (
                "Hàng trị giá thấp gửi qua chuyển phát nhanh có phải nộp thuế?",
                "Do low-value express parcels pay duty?",
                "Hàng trị giá thấp trong mức quy định được miễn thuế nhập khẩu; hàng vượt mức phải nộp thuế.",
                "Parcels below the threshold set by the Government are exempt; above it duty is payable.",
            ),
            ("Đổi trả hàng bán qua thương mại điện tử cho khách nước ngoài", "", "", ""),
            ("Kho hàng thương mại điện tử trong khu vực giám sát hải quan", "", "", ""),
            (
                "Cá nhân bán hàng qua mạng nhập khẩu hàng về kinh doanh",
                "",
                "Hàng nhập khẩu để kinh doanh làm thủ tục như hàng thương mại, không áp dụng chính sách quà biếu.",
                "",
            ),
        ),
    ),
    Topic(
        C.BORDER_ECOMMERCE,
        ("chuyển phát nhanh", "bưu chính"),
        (("08/2015/NĐ-CP", "Điều 98"), ("38/2015/TT-BTC", "")),
        "Hàng gửi qua dịch vụ chuyển phát nhanh được phân thành nhóm tài liệu, nhóm hàng miễn thuế, nhóm hàng trị giá "
        "thấp phải nộp thuế và nhóm hàng khác; doanh nghiệp chuyển phát làm thủ tục thay chủ hàng theo ủy quyền và "
        "chịu trách nhiệm về nội dung khai báo.",
        "Express consignments are sorted into documents, duty-free goods, low-value dutiable goods and other goods; "
        "the courier declares on the owner's behalf and answers for the declaration.",
        (
            ("Thủ tục hải quan đối với hàng chuyển phát nhanh", "Customs procedures for express consignments", "", ""),
            ("Hàng chuyển phát nhanh bị giữ lại tại cửa khẩu", "", "", ""),
            ("Gửi hàng mẫu ra nước ngoài qua chuyển phát nhanh", "Sending samples abroad by express courier", "", ""),
            ("Quà biếu gửi qua bưu chính từ nước ngoài", "", "", ""),
        ),
    ),
    Topic(
        C.BORDER_ECOMMERCE,
        ("thương mại biên giới", "cửa khẩu"),
        (("14/2018/NĐ-CP", "Điều 5, Điều 16"), ("05/2017/QH14", "")),
        "Mua bán, trao đổi hàng hóa của cư dân biên giới được miễn thuế trong định mức và chỉ thực hiện tại chợ biên "
        "giới, cửa khẩu phụ, lối mở biên giới. Hàng hóa xuất khẩu, nhập khẩu qua cửa khẩu phụ, lối mở phải thuộc danh "
        "mục được phép và làm thủ tục hải quan như hàng thông thường.",
        "Border residents' trade is duty-free within the allowance and takes place only at border markets, secondary "
        "gates and crossings. Trade goods through secondary gates must be on the permitted list and are declared as "
        "usual.",
        (
            (
                "Thủ tục xuất khẩu nông sản qua cửa khẩu phụ",
                "Exporting farm produce through a secondary border gate",
                "",
                "",
            ),
            ("Định mức miễn thuế hàng hóa của cư dân biên giới", "", "", ""),
            (
                "Xuất khẩu trái cây tươi qua cửa khẩu đường bộ",
                "Exporting fresh fruit by road",
                "Hàng phải có kiểm dịch thực vật và mã số vùng trồng theo yêu cầu của nước nhập khẩu.",
                "Phytosanitary certificates and growing-area codes are required by the importing country.",
            ),
            ("Tạm dừng thông quan tại cửa khẩu do ùn tắc", "", "", ""),
            ("Hàng hóa sang tải tại khu vực cửa khẩu biên giới", "", "", ""),
            ("Phương tiện vận tải nước ngoài vào khu vực cửa khẩu", "", "", ""),
        ),
    ),
    Topic(
        C.BORDER_ECOMMERCE,
        ("hành lý", "xuất nhập cảnh"),
        (("134/2016/NĐ-CP", "Điều 6"), ("54/2014/QH13", "Điều 58")),
        "Hành lý mang theo người của người nhập cảnh được miễn thuế trong định mức; ngoại tệ tiền mặt, vàng vượt mức "
        "quy định phải khai báo hải quan. Hàng vượt định mức phải nộp thuế hoặc gửi kho chờ tái xuất.",
        "Travellers' baggage is duty-free within the allowance; cash in foreign currency and gold above the thresholds "
        "must be declared. Goods above the allowance are taxed or stored for re-export.",
        (
            ("Định mức hành lý miễn thuế khi nhập cảnh", "Duty-free allowance for travellers entering Vietnam", "", ""),
            ("Mang ngoại tệ tiền mặt khi xuất cảnh có phải khai báo?", "", "", ""),
            ("Gửi hành lý không đi cùng chuyến", "", "", ""),
            ("Hàng mua tại cửa hàng miễn thuế", "", "", ""),
            ("Hoàn thuế giá trị gia tăng cho người nước ngoài", "VAT refunds for foreign visitors", "", ""),
        ),
    ),
    # Other ------------------------------------------------------------------------------------------------------
    Topic(
        C.OTHER,
        ("đại lý hải quan",),
        (("54/2014/QH13", "Điều 20"), ("38/2015/TT-BTC", "")),
        "Đại lý làm thủ tục hải quan phải đáp ứng điều kiện về ngành nghề kinh doanh, có nhân viên được cấp mã số nhân "
        "viên đại lý và kết nối với Hệ thống. Đại lý ký hợp đồng với chủ hàng và chịu trách nhiệm về nội dung khai báo "
        "trong phạm vi được ủy quyền.",
        "A customs broker must have the right business line, staff holding broker numbers and a connection to the "
        "System. It signs a contract with the owner of the goods and answers for its declarations within the mandate.",
        (
            ("Điều kiện công nhận đại lý làm thủ tục hải quan", "Requirements to become a customs broker", "", ""),
            ("Cấp mã số nhân viên đại lý làm thủ tục hải quan", "", "", ""),
            ("Chủ hàng ủy quyền cho đại lý ký tờ khai", "", "", ""),
            ("Đình chỉ hoạt động đại lý làm thủ tục hải quan", "", "", ""),
            ("Thi chứng chỉ nghiệp vụ khai hải quan", "Exam for the customs declaration certificate", "", ""),
        ),
    ),
    Topic(
        C.OTHER,
        ("hỏi đáp", "đối thoại"),
        (("54/2014/QH13", "Điều 8"), ("08/2015/NĐ-CP", "")),
        "Cơ quan hải quan công khai thủ tục hành chính, biểu mẫu và văn bản hướng dẫn trên Cổng thông tin điện tử; "
        "doanh nghiệp gửi vướng mắc qua Cổng, đường dây nóng, thư điện tử hoặc tại hội nghị đối thoại và nhận trả lời "
        "trong thời hạn quy định.",
        "Customs publishes its procedures, forms and guidance on its portal; businesses send questions through the "
        "portal, the hotline, e-mail or at dialogue conferences and are answered within the set time.",
        (
            (
                "Gửi vướng mắc cho cơ quan hải quan bằng cách nào?",
                "How can a business send a question to customs?",
                "",
                "",
            ),
            (
                "Thời hạn trả lời vướng mắc của doanh nghiệp",
                "How long does customs take to answer a question?",
                "Thời hạn trả lời thông thường là 10 ngày làm việc; vướng mắc về phân loại, trị giá có thể lâu hơn.",
                "The usual time is ten working days; classification and valuation questions may take longer.",
            ),
            ("Tra cứu văn bản hướng dẫn nghiệp vụ hải quan", "", "", ""),
            (
                "Đăng ký tham dự hội nghị đối thoại doanh nghiệp – hải quan",
                "Registering for a customs–business dialogue",
                "",
                "",
            ),
            (
                "Câu trả lời của hải quan có áp dụng cho các lô hàng khác?",
                "",
                "Văn bản trả lời áp dụng cho trường hợp đã hỏi; trường hợp tương tự doanh nghiệp tham khảo và có thể "
                "đề nghị hướng dẫn riêng.",
                "",
            ),
        ),
    ),
    Topic(
        C.OTHER,
        ("quá cảnh", "hàng tồn đọng"),
        (("54/2014/QH13", "Điều 63"), ("08/2015/NĐ-CP", "Điều 57")),
        "Hàng hóa quá cảnh lãnh thổ Việt Nam làm thủ tục tại cửa khẩu nhập đầu tiên và cửa khẩu xuất cuối cùng, được "
        "vận chuyển dưới sự giám sát hải quan và không phải nộp thuế nếu không thay đổi hình thức; hàng quá cảnh phải "
        "đưa ra khỏi lãnh thổ trong thời hạn quy định.",
        "Goods in transit through Vietnam are declared at the first gate of entry and the last gate of exit, move "
        "under customs control and are not taxed if unchanged; they must leave the territory within the time limit.",
        (
            ("Thủ tục hàng quá cảnh qua lãnh thổ Việt Nam", "Transit of goods through Vietnam", "", ""),
            ("Hàng quá cảnh lưu lại tại Việt Nam quá thời hạn", "", "", ""),
            ("Hàng viện trợ nhân đạo nhập khẩu", "Importing humanitarian aid", "", ""),
            ("Tiêu hủy hàng hóa dưới sự giám sát hải quan", "", "", ""),
            ("Hàng hóa tồn đọng không có người nhận tại cảng", "Unclaimed goods at the port", "", ""),
        ),
    ),
    Topic(
        C.OTHER,
        ("thông tin doanh nghiệp", "giải thể"),
        (("38/2019/QH14", "Điều 67"), ("06/2021/TT-BTC", "")),
        "Khi thay đổi tên, địa chỉ, mã số thuế hoặc giải thể, sáp nhập, doanh nghiệp cập nhật thông tin trên Hệ thống "
        "và hoàn thành nghĩa vụ thuế, quyết toán các loại hình còn theo dõi với cơ quan hải quan trước khi chấm dứt "
        "hoạt động.",
        "When it changes its name, address or tax number, or is dissolved or merged, a business updates its details on "
        "the System and settles its duties and open procedures with customs before it ceases trading.",
        (
            ("Cập nhật thông tin doanh nghiệp sau khi đổi tên", "Updating our details after a change of name", "", ""),
            ("Xác nhận hoàn thành nghĩa vụ thuế hải quan khi giải thể", "", "", ""),
            ("Doanh nghiệp sáp nhập thì các tờ khai đang theo dõi xử lý thế nào?", "", "", ""),
            ("Chuyển nhượng máy móc miễn thuế khi tái cơ cấu doanh nghiệp", "", "", ""),
            ("Chi nhánh hạch toán phụ thuộc có được đứng tên tờ khai?", "", "", ""),
        ),
    ),
]


@dataclass
class Text:
    """One entry's working texts, tags and legal basis, from a topic and one of its cases."""

    category: str
    question_vi: str
    answer_vi: str
    question_en: str
    answer_en: str
    tags: list[str]
    cites: list[tuple[str, str]]


def texts() -> list[Text]:
    """Every case of every topic as an entry's texts (in a fixed order)."""
    out = []
    for topic in TOPICS:
        for number, (question_vi, question_en, extra_vi, extra_en) in enumerate(topic.cases):
            english = bool(question_en and topic.answer_en)
            out.append(
                Text(
                    category=topic.category,
                    question_vi=nfc(question_vi),
                    answer_vi=nfc(f"{topic.answer_vi} {extra_vi}".strip()),
                    question_en=nfc(question_en) if english else "",
                    answer_en=nfc(f"{topic.answer_en} {extra_en}".strip()) if english else "",
                    tags=list(topic.tags),
                    # Every entry cites the topic's first document; some also the next ones.
                    cites=list(topic.cites[: 1 + number % len(topic.cites)]),
                )
            )
    return out


# Seeding --------------------------------------------------------------------------------------------------------

VIA_SERVICES = {"published": 6, "in_review": 5, "draft": 3, "returned": 1}
ARCHIVED, OVERDUE = 4, 4
DEFLECTIONS = [
    ("ent_a", "Hủy tờ khai nhập khẩu vì hàng không về được thì làm thế nào"),
    ("ent_a", "Phí bản quyền trả cho công ty mẹ có phải cộng vào trị giá không"),
    ("ent_a", "Thời hạn nộp báo cáo quyết toán năm"),
    ("ent_a", "C/O form E bị sai tên hàng có được hưởng ưu đãi không"),
    ("ent_b", "Khai bổ sung sau thông quan"),
    ("ent_b", "Tiền chậm nộp thuế tính thế nào"),
    ("ent_b", "Kiểm tra chất lượng linh kiện nhập khẩu để sản xuất"),
]
RETURN_NOTE = "Bổ sung căn cứ pháp lý cụ thể đến khoản, điểm và viết lại câu hỏi ở dạng tổng quát."
REVISION = " Cập nhật: doanh nghiệp theo dõi kết quả xử lý đề nghị trên Hệ thống."


def seed_bank(*, now: datetime | None = None) -> int:
    """Load the demo question bank; returns how many entries it added (0 when the bank has entries already, or the
    Region V officer, its manager or the legal documents are missing)."""
    now = now or timezone.now()
    officer = User.objects.filter(username="r5_officer").first()
    manager = User.objects.filter(username="r5_manager").first()
    region5 = Branch.objects.filter(code="KV05").first()
    documents = {d.number: d for d in LegalDocument.objects.all()}
    if officer is None or manager is None or region5 is None or not documents or BankEntry.objects.exists():
        return 0
    rng = random.Random(6)
    pool = [t for t in texts() if all(number in documents for number, _ in t.cites)]
    old = [t for t in pool if t.cites[0][0] == OLD_ORIGIN_CIRCULAR]
    pool = [t for t in pool if t not in old]
    rng.shuffle(pool)
    take = iter(pool)

    def cite(text: Text) -> list[tuple[LegalDocument, str]]:
        return [(documents[number], article) for number, article in text.cites]

    # Through the services: written and submitted by the officer, approved or returned by the manager.
    def write(text: Text) -> BankEntry:
        return services.create_entry(
            by=officer,
            branch=region5,
            question_vi=text.question_vi,
            answer_vi=text.answer_vi,
            question_en=text.question_en,
            answer_en=text.answer_en,
            category=text.category,
            tags=text.tags,
            citations=cite(text),
        )

    for _ in range(VIA_SERVICES["published"]):
        entry = services.submit(entry=write(next(take)), by=officer)
        services.approve(entry=entry, by=manager)
    for _ in range(VIA_SERVICES["in_review"]):
        services.submit(entry=write(next(take)), by=officer)
    for _ in range(VIA_SERVICES["draft"]):
        write(next(take))
    for _ in range(VIA_SERVICES["returned"]):
        entry = services.submit(entry=write(next(take)), by=officer)
        services.return_entry(entry=entry, by=manager, note=RETURN_NOTE)
    # A draft written from an answered question: its declaration numbers are still there, flagged for the editor.
    answered = (
        Question.objects.filter(status__in=QUESTION_DONE, merged_into__isnull=True, branch=region5)
        .exclude(declaration_numbers=[])
        .order_by("-received_at")
        .first()
    )
    if answered is not None:
        services.create_from_question(question=answered, by=officer)

    # Bulk: published entries of Region V (its offices included) and Region VI, as the services would have left them.
    bulk = list(take) + old
    units = list(Branch.objects.filter(path__startswith=region5.path).order_by("path"))
    region6 = Branch.objects.filter(code="KV06").first()
    hq = User.objects.filter(username="hq_admin").first()
    r6_officer = User.objects.filter(username="r6_officer").first()
    entries = []
    for index, text in enumerate(bulk):
        branch, writer, approver = region5, officer, manager
        if region6 is not None and hq is not None and r6_officer is not None and rng.random() < 0.1:
            branch, writer, approver = region6, r6_officer, hq
        elif rng.random() < 0.3:
            branch = rng.choice(units)
        entries.append(_published(rng, text, branch, writer, approver, now, overdue=index < OVERDUE))
    dates = [(entry.created_at, entry.updated_at) for entry in entries]  # bulk_create sets them to now
    BankEntry.objects.bulk_create(entries)
    cited = [
        (entry, document, article)
        for entry, text in zip(entries, bulk, strict=True)
        for document, article in cite(text)
    ]
    BankCitation.objects.bulk_create(BankCitation(entry=e, document=d, article=a) for e, d, a in cited)
    BankPublicCitation.objects.bulk_create(BankPublicCitation(entry=e, document=d, article=a) for e, d, a in cited)
    for entry, (created, updated) in zip(entries, dates, strict=True):  # back to the writing and approval dates
        BankEntry.objects.filter(pk=entry.pk).update(created_at=created, updated_at=updated)
    _link_questions(rng, entries, [b for b in (region5, region6) if b is not None])

    # The other statuses, through the services.
    services.flag_overdue_reviews(timezone.localdate(now))
    services.flag_for_document(documents[OLD_ORIGIN_CIRCULAR])
    regular = [e for e in entries[OVERDUE : len(entries) - len(old)] if e.branch_id == region5.pk]
    for entry in regular[:ARCHIVED]:
        services.archive(entry=entry, by=manager)
    revised = regular[ARCHIVED]
    services.update_entry(entry=revised, by=officer, answer_vi=revised.answer_vi + REVISION)
    _deflections(rng, now)
    return BankEntry.objects.count()


def _published(rng, text: Text, branch, writer, approver, now: datetime, *, overdue: bool) -> BankEntry:
    """A live published entry as dialogues.services.bank.approve (and later reviews) would have left it."""
    age = rng.uniform(3, 900)
    first = now - timedelta(days=age, hours=rng.randint(0, 6))
    if overdue:  # approved over a review period ago and never reviewed since: the daily scan flags it
        first = now - timedelta(days=rng.uniform(400, 500))
        published = approved = first
    elif age > 330:  # reviewed (or a revision approved) within the last review period
        published = now - timedelta(days=rng.uniform(3, 330), hours=rng.randint(0, 6))
        approved = published if rng.random() < 0.4 else first
    else:
        published = approved = first
    submitted = approved - timedelta(days=rng.uniform(0.5, 6))
    views = int(min(30000, rng.paretovariate(1.3) * 20 * (1 + age / 120)))
    helpful = int(views * rng.uniform(0.03, 0.2))
    public = {f"public_{name}": getattr(text, name) for name in services.TEXT_FIELDS}
    return BankEntry(
        branch=branch,
        category=text.category,
        tags=text.tags,
        status=S.PUBLISHED,
        question_vi=text.question_vi,
        answer_vi=text.answer_vi,
        question_en=text.question_en,
        answer_en=text.answer_en,
        **public,
        public_category=text.category,
        public_tags=list(text.tags),
        search_key=search_key(*public.values()),
        live=True,
        submitted_by=writer,
        submitted_at=submitted,
        approved_by=approver,
        approved_at=approved,
        first_published_at=first,
        published_at=published,
        review_due_on=services.review_due(timezone.localdate(published)),
        view_count=views,
        helpful_count=helpful,
        unhelpful_count=int(views * rng.uniform(0, 0.03)),
        created_by=writer,
        updated_by=approver,
        created_at=submitted - timedelta(days=rng.uniform(0, 3)),
        updated_at=published,
    )


def _link_questions(rng, entries: list[BankEntry], regions: list[Branch]) -> None:
    """About a fifth of the entries answer one to three answered demo questions of their region and category."""

    def region_of(path: str) -> int | None:
        return next((r.pk for r in regions if path.startswith(r.path)), None)

    questions: dict[tuple[int | None, str], list[int]] = {}
    rows = Question.objects.filter(
        status__in=QUESTION_DONE, merged_into__isnull=True, conference__isnull=True
    ).values_list("id", "branch__path", "category")
    for pk, path, category in rows:
        questions.setdefault((region_of(path), category), []).append(pk)
    paths = dict(Branch.objects.filter(pk__in={e.branch_id for e in entries}).values_list("pk", "path"))
    through = BankEntry.questions.through
    links = []
    for entry in entries:
        candidates = questions.get((region_of(paths[entry.branch_id]), entry.category), [])
        if candidates and rng.random() < 0.2:
            for pk in rng.sample(candidates, min(len(candidates), rng.choice([1, 1, 2, 3]))):
                links.append(through(bankentry_id=entry.pk, question_id=pk))
    through.objects.bulk_create(links, ignore_conflicts=True)


def _deflections(rng, now: datetime) -> None:
    """Portal users who found their answer among the suggestions (through the service), over the last months."""
    users = {u.username: u for u in User.objects.filter(username__in={name for name, _ in DEFLECTIONS})}
    for username, query in DEFLECTIONS:
        entry = search.suggest(BankEntry.objects.public(), query).first()
        if username not in users or entry is None:
            continue
        deflection = services.record_deflection(entry=entry, by=users[username], query=query)
        BankDeflection.objects.filter(pk=deflection.pk).update(at=now - timedelta(days=rng.uniform(1, 120)))
