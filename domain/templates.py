"""The three template generations of the statistics tables, as data (spec §2–§4).

Canonical keys: ``t2.<row>.<col>``, ``t3.<row>.<col>``, ``t4.<group>.<col>`` for the 2021 ("2021") and
2019 trial ("2019") forms, ``c.*`` for the pre-2019 统计表 ("pre2019"). Adding a provincial variant is
adding rows here, not code paths elsewhere.

Pre-2019 statistics tables with two value columns (``本年 | 历年累计``, or ``2015年度 | 历年累计``: common in
Fujian): the year's column is read under the row's key (``c.req.received``), the all-time column under the
same key with the suffix ``.cumulative`` (``c.req.received.cumulative``, ``c.x.<hash>.cumulative`` for a row
outside the national list). Cumulative keys are not rows of the catalogue (``key_index``); ``info`` derives
them from their row (column ``历年累计``, sorted right after it). The year's identities (C1–C15) read the
year's column; the cross-year identity X6 chains the cumulative one (历年累计(N) = 历年累计(N−1) + 本年(N)).
A ``本期实际 | 本年累计`` pair (定西) is not all-time: its second column stays unread, with a warning.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from xxgk.domain.normalise import match_form, strip_enumerator

GEN_A, GEN_B, GEN_C = "2021", "2019", "pre2019"
GEN_NAMES = {GEN_A: "2021 年版格式", GEN_B: "2019 年试行格式", GEN_C: "2019 年以前统计表"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "count"  # count | amount (万元 decimal) | delta (signed) | money (unit printed)
    unit: str | None = None


@dataclass(frozen=True)
class Row:
    key: str  # row part of the canonical key ("regulations", "3.3.1", "review")
    label: str  # official label (NFKC form)
    aliases: tuple[str, ...] = ()
    group: str | None = None  # parent group label for display ("(三)不予公开")
    leaf: bool = True
    gens: tuple[str, ...] = (GEN_A, GEN_B)
    columns: tuple[Column, ...] = ()  # table 二 rows carry their own columns

    # Computed once per row: the matcher reads them for every row on every value group.
    @cached_property
    def match_cores(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(strip_enumerator(match_form(x)) for x in (self.label, *self.aliases)))

    @cached_property
    def match_fulls(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(match_form(x) for x in (self.label, *self.aliases)))

    @cached_property
    def label_need(self) -> int:
        """The length of its longest full wording (how much pending text can spell its label)."""
        return max(len(f) for f in self.match_fulls)


# ---------------------------------------------------------------- table 二 (主动公开)
_A_DOC_COLS = (Column("issued", "本年制发件数"), Column("repealed", "本年废止件数"), Column("in_force", "现行有效件数"))
_B_DOC_COLS = (Column("made", "本年新制作数量"), Column("published", "本年新公开数量"), Column("total", "对外公开总数量"))
_A_DEC = (Column("decisions", "本年处理决定数量"),)
_B_ITEM_COLS = (Column("prev", "上一年项目数量"), Column("change", "本年增/减", kind="delta"),
                Column("decisions", "处理决定数量"))

T2_ROWS_A: tuple[Row, ...] = (
    Row("regulations", "规章", group="第二十条第(一)项", gens=(GEN_A,), columns=_A_DOC_COLS),
    Row("normative", "行政规范性文件", ("规范性文件",), group="第二十条第(一)项", gens=(GEN_A,), columns=_A_DOC_COLS),
    Row("licensing", "行政许可", group="第二十条第(五)项", gens=(GEN_A,), columns=_A_DEC),
    Row("penalty", "行政处罚", group="第二十条第(六)项", gens=(GEN_A,), columns=_A_DEC),
    Row("coercion", "行政强制", group="第二十条第(六)项", gens=(GEN_A,), columns=_A_DEC),
    Row("fees", "行政事业性收费", group="第二十条第(八)项", gens=(GEN_A,),
        columns=(Column("amount", "本年收费金额(单位:万元)", kind="amount", unit="万元"),)),
)
T2_ROWS_B: tuple[Row, ...] = (
    Row("regulations", "规章", group="第二十条第(一)项", gens=(GEN_B,), columns=_B_DOC_COLS),
    Row("normative", "规范性文件", ("行政规范性文件",), group="第二十条第(一)项", gens=(GEN_B,), columns=_B_DOC_COLS),
    Row("licensing", "行政许可", group="第二十条第(五)项", gens=(GEN_B,), columns=_B_ITEM_COLS),
    Row("other_services", "其他对外管理服务事项", group="第二十条第(五)项", gens=(GEN_B,), columns=_B_ITEM_COLS),
    Row("penalty", "行政处罚", group="第二十条第(六)项", gens=(GEN_B,), columns=_B_ITEM_COLS),
    Row("coercion", "行政强制", group="第二十条第(六)项", gens=(GEN_B,), columns=_B_ITEM_COLS),
    Row("fees", "行政事业性收费", group="第二十条第(八)项", gens=(GEN_B,), columns=_B_ITEM_COLS[:2]),
    Row("procurement", "政府集中采购", group="第二十条第(九)项", gens=(GEN_B,),
        columns=(Column("items", "采购项目数量"), Column("amount", "采购总金额", kind="money"))),
)
T2_MARKERS_A = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额")
T2_MARKERS_B = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "第二十条第(九)项",
                "政府集中采购", "其他对外管理服务事项", "采购项目数量")

# ---------------------------------------------------------------- table 三 (依申请)
T3_COLUMNS: tuple[Column, ...] = (
    Column("natural", "自然人"), Column("commercial", "商业企业"), Column("research", "科研机构"),
    Column("social", "社会公益组织"), Column("legal", "法律服务机构"), Column("other", "其他"), Column("total", "总计"),
)
_G3 = "三、本年度办理结果"
T3_ROWS: tuple[Row, ...] = (
    Row("1", "一、本年新收政府信息公开申请数量", ("本年新收政府信息公开申请数", "本年新收申请数量", "本年新收申请数")),
    Row("2", "二、上年结转政府信息公开申请数量", ("上年结转政府信息公开申请数", "上年结转申请数量", "上年结转申请数")),
    Row("3.1", "(一)予以公开", group=_G3),
    Row("3.2", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", ("(二)部分公开",), group=_G3),
    # Group rows carry no values on the official form; some reports add subtotals there (A3.6).
    Row("3.3", "(三)不予公开", group=_G3, leaf=False),
    Row("3.3.1", "1.属于国家秘密", group="(三)不予公开"),
    Row("3.3.2", "2.其他法律行政法规禁止公开", group="(三)不予公开"),
    Row("3.3.3", "3.危及“三安全一稳定”", group="(三)不予公开"),
    Row("3.3.4", "4.保护第三方合法权益", group="(三)不予公开"),
    Row("3.3.5", "5.属于三类内部事务信息", group="(三)不予公开"),
    Row("3.3.6", "6.属于四类过程性信息", group="(三)不予公开"),
    Row("3.3.7", "7.属于行政执法案卷", group="(三)不予公开"),
    Row("3.3.8", "8.属于行政查询事项", group="(三)不予公开"),
    Row("3.4", "(四)无法提供", group=_G3, leaf=False),
    Row("3.4.1", "1.本机关不掌握相关政府信息", group="(四)无法提供"),
    Row("3.4.2", "2.没有现成信息需要另行制作", group="(四)无法提供"),
    Row("3.4.3", "3.补正后申请内容仍不明确", group="(四)无法提供"),
    Row("3.5", "(五)不予处理", group=_G3, leaf=False),
    Row("3.5.1", "1.信访举报投诉类申请", group="(五)不予处理"),
    Row("3.5.2", "2.重复申请", group="(五)不予处理"),
    Row("3.5.3", "3.要求提供公开出版物", group="(五)不予处理"),
    Row("3.5.4", "4.无正当理由大量反复申请", group="(五)不予处理"),
    Row("3.5.5", "5.要求行政机关确认或重新出具已获取信息", group="(五)不予处理"),
    Row("3.6", "(六)其他处理", group=_G3, gens=(GEN_B,)),
    Row("3.6.1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", group="(六)其他处理", gens=(GEN_A,)),
    Row("3.6.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", group="(六)其他处理",
        gens=(GEN_A,)),
    Row("3.6.3", "3.其他", group="(六)其他处理", gens=(GEN_A,)),
    Row("3.7", "(七)总计", ("七、总计", "总计"), group=_G3, leaf=False),
    Row("4", "四、结转下年度继续办理", ("结转下一年度继续办理", "结转下年度继续办理数量")),
)
T3_LEAVES_A = tuple(r.key for r in T3_ROWS if r.leaf and r.key.startswith("3.") and r.key != "3.6")
T3_LEAVES_B = tuple(r.key for r in T3_ROWS if r.leaf and r.key.startswith("3.") and not r.key.startswith("3.6."))

# ---------------------------------------------------------------- table 四 (复议诉讼)
T4_GROUPS: tuple[Row, ...] = (
    Row("review", "行政复议"),
    Row("suit_direct", "行政诉讼 未经复议直接起诉", ("未经复议直接起诉",)),
    Row("suit_after_review", "行政诉讼 复议后起诉", ("复议后起诉",)),
)
T4_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"), Column("corrected", "结果纠正"), Column("other", "其他结果"),
    Column("pending", "尚未审结"), Column("total", "总计"),
)
T4_KEYS: tuple[str, ...] = tuple(f"t4.{g.key}.{c.key}" for g in T4_GROUPS for c in T4_COLUMNS)


# ---------------------------------------------------------------- pre-2019 统计表
@dataclass(frozen=True)
class CRow:
    key: str
    label: str
    unit: str
    aliases: tuple[str, ...] = ()
    context: str | None = None  # a word the current top-level section must contain (duplicated labels)
    section: bool = False  # a heading row (unit ——)
    kind: str = "count"

    def match_cores(self) -> tuple[str, ...]:
        out = []
        for x in (self.label, *self.aliases):
            core = strip_enumerator(match_form(x))
            out.append(core)
            out.append(strip_paren_note(core))
        return tuple(dict.fromkeys(out))


def strip_paren_note(core: str) -> str:
    """Drop a trailing explanatory parenthesis: 主动公开政府信息数(不同渠道…计1条) → 主动公开政府信息数."""
    if core.endswith(")") and "(" in core:
        head = core[: core.rfind("(")]
        return head or core
    return core


C_ROWS: tuple[CRow, ...] = (
    CRow("c.pro.total", "(一)主动公开政府信息数", "条", ("主动公开信息数",)),
    CRow("c.pro.normative_published", "其中:主动公开规范性文件数", "条"),
    CRow("c.pro.normative_issued", "制发规范性文件总数", "件", ("新增的行政规范性文件数",)),
    CRow("c.ch.gazette", "1.政府公报公开政府信息数", "条"),
    CRow("c.ch.website", "2.政府网站公开政府信息数", "条"),
    CRow("c.ch.weibo", "3.政务微博公开政府信息数", "条"),
    CRow("c.ch.wechat", "4.政务微信公开政府信息数", "条"),
    CRow("c.ch.other", "5.其他方式公开政府信息数", "条"),
    CRow("c.resp.hotspots", "(一)回应公众关注热点或重大舆情数", "次"),
    CRow("c.resp.press_conf", "1.参加或举办新闻发布会总次数", "次", ("1.举办新闻发布会总次数",)),
    CRow("c.resp.press_conf_head", "其中:主要负责同志参加新闻发布会次数", "次"),
    CRow("c.resp.online_interview", "2.政府网站在线访谈次数", "次"),
    CRow("c.resp.online_interview_head", "其中:主要负责同志参加政府网站在线访谈次数", "次",
         ("其中:主要负责同志参加在线访谈次数",)),
    CRow("c.resp.interpretations", "3.政策解读稿件发布数", "篇"),
    CRow("c.resp.weibo_wechat", "4.微博微信回应事件数", "次", ("3.微博、微信回应社会关切事件数",)),
    CRow("c.resp.other", "5.其他方式回应事件数", "次"),
    CRow("c.ln.consult.total", "(一)重大政策出台前征求意见数", "篇"),
    CRow("c.ln.consult.website", "1.通过政府网站征求意见数", "篇"),
    CRow("c.ln.consult.other", "2.通过其他方式征求意见数", "篇"),
    CRow("c.ln.consult.feedback", "3.公开征求意见反馈信息数", "条"),
    CRow("c.ln.interp.total", "(二)重要决策出台后解读信息数", "篇"),
    CRow("c.ln.interp.website", "1.通过政府网站解读政策数", "篇"),
    CRow("c.ln.interp.other", "2.通过其他方式解读政策数(不含民心网)", "篇", ("2.通过其他方式解读政策数",)),
    CRow("c.ln.minxin.complaints", "1.办理举报投诉案件数", "件"),
    CRow("c.ln.minxin.consultations", "2.解答政策咨询数", "件"),
    CRow("c.ln.minxin.suggestions", "3.接收意见建议数", "件"),
    CRow("c.ln.proposals.results", "1.公开办理结果数", "件"),
    CRow("c.ln.proposals.replies", "2.公开建议提案办理复文数", "件"),
    CRow("c.req.received", "(一)收到申请数", "件", ("申请总数", "受理依申请公开信息总数")),
    CRow("c.req.in_person", "1.当面申请数", "件"),
    CRow("c.req.fax", "2.传真申请数", "件"),
    CRow("c.req.online", "3.网络申请数", "件"),
    CRow("c.req.letter", "4.信函申请数", "件"),
    CRow("c.req.email", "电子邮件申请数", "件"),
    CRow("c.req.web", "网上申请数", "件"),
    CRow("c.req.other_form", "其他形式申请数", "件"),
    CRow("c.req.closed", "(二)申请办结数", "件"),
    CRow("c.req.closed_on_time", "1.按时办结数", "件"),
    CRow("c.req.closed_extended", "2.延期办结数", "件"),
    CRow("c.ans.total", "(三)申请答复数", "件", ("对申请的答复总数", "本年度对申请的答复总数")),
    CRow("c.ans.already_public", "1.属于已主动公开范围数", "件"),
    CRow("c.ans.granted", "2.同意公开答复数", "件"),
    CRow("c.ans.partial", "3.同意部分公开答复数", "件"),
    CRow("c.ans.refused", "4.不同意公开答复数", "件", ("3.否决公开答复总数",)),
    CRow("c.ans.refused.state_secret", "其中:涉及国家秘密", "件"),
    CRow("c.ans.refused.commercial_secret", "涉及商业秘密", "件"),
    CRow("c.ans.refused.privacy", "涉及个人隐私", "件"),
    CRow("c.ans.refused.security", "危及国家安全、公共安全、经济安全和社会稳定", "件"),
    CRow("c.ans.refused.not_gov_info", "不是《条例》所指政府信息", "件"),
    CRow("c.ans.refused.other_legal", "法律法规规定的其他情形", "件"),
    CRow("c.ans.not_this_agency", "5.不属于本行政机关公开数", "件"),
    CRow("c.ans.not_exist", "6.申请信息不存在数", "件"),
    CRow("c.ans.asked_to_amend", "7.告知作出更改补充数", "件"),
    CRow("c.ans.other_channel", "8.告知通过其他途径办理数", "件"),
    CRow("c.fees_wan", "七、依申请公开信息收取的费用", "万元", kind="amount"),
    CRow("c.review.total", "四、行政复议数量", "件", ("行政复议数",)),
    CRow("c.review.upheld", "(一)维持具体行政行为数", "件", context="复议"),
    CRow("c.review.corrected", "(二)被依法纠错数", "件", context="复议"),
    CRow("c.review.other", "(三)其他情形数", "件", context="复议"),
    CRow("c.lit.total", "五、行政诉讼数量", "件", ("行政诉讼数",)),
    CRow("c.lit.upheld", "(一)维持具体行政行为或者驳回原告诉讼请求数", "件", ("1.维持具体行政行为或驳回诉讼请求数",),
         context="诉讼"),
    CRow("c.lit.corrected", "(二)被依法纠错数", "件", context="诉讼"),
    CRow("c.lit.other", "(三)其他情形数", "件", context="诉讼"),
    CRow("c.complaints", "六、举报投诉数量", "件"),
    CRow("c.org.units", "(一)政府信息公开工作专门机构数", "个"),
    CRow("c.org.reading_points", "(二)设置政府信息公开查阅点数", "个"),
    CRow("c.org.staff", "(三)从事政府信息公开工作人员数", "人"),
    CRow("c.org.staff_full", "1.专职人员数(不包括政府公报及政府网站工作人员数)", "人",
         ("2.专职人员数(不包括公报及网站人员数)", "专职人员数")),
    CRow("c.org.staff_part", "2.兼职人员数", "人"),
    CRow("c.org.budget_wan", "(四)政府信息公开专项经费(不包括用于政府公报编辑管理及政府网站建设维护等方面的经费)", "万元",
         ("政府信息公开专项经费",), kind="amount"),
    CRow("c.ln.platform.columns", "2.本单位政府网站信息公开专栏数", "个"),
    CRow("c.ln.platform.columns_new", "其中今年新建信息公开专栏数", "个"),
    CRow("c.ln.platform.weibo_wechat", "3.开设政务微博、微信数", "个"),
    CRow("c.ln.rules.total", "本单位有关政府信息公开制度总数", "件"),
    CRow("c.ln.rules.new", "其中今年新建制度数量", "件"),
    CRow("c.train.meetings", "(一)召开政府信息公开工作会议或专题会议数", "次"),
    CRow("c.train.courses", "(二)举办各类培训班数", "次"),
    CRow("c.train.trainees", "(三)接受培训人员数", "人次"),
)
C_UNITS = frozenset({"条", "件", "次", "篇", "个", "人", "人次", "万元", "元", "项", "家", "户", "期", "场", "份", "—", "——",
                     "-", "--", "―", "――", "%"})
C_MARKERS = ("统计指标", "指标名称")


# ---------------------------------------------------------------- lookups used by every layer
@dataclass
class KeyInfo:
    key: str
    table: str  # "t2" | "t3" | "t4" | "c"
    row_label: str
    col_label: str
    group: str | None
    order: tuple[int, int, int]
    kind: str = "count"
    unit: str | None = None
    gens: tuple[str, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        parts = [p for p in (self.group, self.row_label) if p]
        text = " ".join(parts)
        return f"{text} · {self.col_label}" if self.col_label else text


@lru_cache(maxsize=1)
def key_index() -> dict[str, KeyInfo]:
    idx: dict[str, KeyInfo] = {}
    for gen_rows, base in ((T2_ROWS_A, 0), (T2_ROWS_B, 100)):
        for i, row in enumerate(gen_rows):
            for j, col in enumerate(row.columns):
                key = f"t2.{row.key}.{col.key}"
                if key in idx:  # a key shared by A and B (t2.licensing.decisions ...): keep A's place
                    idx[key].gens = tuple(dict.fromkeys(idx[key].gens + row.gens))
                    continue
                idx[key] = KeyInfo(key, "t2", row.label, col.label, row.group, (1, base + i, j), col.kind,
                                   col.unit, row.gens)
    for i, row in enumerate(T3_ROWS):
        for j, col in enumerate(T3_COLUMNS):
            key = f"t3.{row.key}.{col.key}"
            idx[key] = KeyInfo(key, "t3", row.label, col.label, row.group if row.group != _G3 else None,
                               (2, i, j), "count", None, row.gens)
    for i, grp in enumerate(T4_GROUPS):
        for j, col in enumerate(T4_COLUMNS):
            key = f"t4.{grp.key}.{col.key}"
            idx[key] = KeyInfo(key, "t4", grp.label, col.label, None, (3, i, j), "count", None, (GEN_A, GEN_B))
    for i, crow in enumerate(C_ROWS):
        idx[crow.key] = KeyInfo(crow.key, "c", crow.label, "", None, (4, i, 0), crow.kind, crow.unit, (GEN_C,))
    return idx


CUMULATIVE = ".cumulative"  # the suffix of a pre-2019 row's 历年累计 (all-time) column
CUMULATIVE_LABEL = "历年累计"


def cumulative_key(key: str) -> str:
    return key + CUMULATIVE


def base_key(key: str) -> str:
    """The row key of a cumulative key (``c.req.received.cumulative`` → ``c.req.received``); others as given."""
    return key[: -len(CUMULATIVE)] if key.endswith(CUMULATIVE) else key


def info(key: str) -> KeyInfo | None:
    ki = key_index().get(key)
    if ki is None and key.endswith(CUMULATIVE):
        return _cumulative_info(key)
    return ki


@lru_cache(maxsize=256)
def _cumulative_info(key: str) -> KeyInfo | None:
    row = key_index().get(base_key(key))
    if row is None or row.table != "c":
        return None
    return KeyInfo(key, "c", row.row_label, CUMULATIVE_LABEL, row.group, (row.order[0], row.order[1], 1),
                   row.kind, row.unit, row.gens)


def label_for(key: str, printed: str | None = None) -> str:
    """A human label for a key: the official one, else the printed label (provincial variants)."""
    ki = info(key)
    if ki:
        return ki.label
    return printed or key


SortKey = tuple[int, int, int, str]  # (table, row, column, key): official cells first, unknown keys by key


def order_of(key: str) -> SortKey:
    """Sort key giving the official order; unknown keys (provincial variants) sort after, stably."""
    ki = info(key)
    if ki:
        return (*ki.order, "")
    return (5, 0, 0, key)


def table_of(key: str) -> str:
    return key.split(".", 1)[0]


def table_generation(table: str, template: str | None, table_templates: Mapping[str, str] | None) -> str | None:
    """The generation one table of a report is printed in: what the matcher saw in that table (a 2021
    report may print 表三 the 2019 way), else the report's."""
    return (table_templates or {}).get(table) or template


def t2_rows(generation: str | None) -> tuple[Row, ...]:
    """表二's rows for a generation (the 2021 form unless it is the 2019 trial form)."""
    return T2_ROWS_B if generation == GEN_B else T2_ROWS_A
