#include "liquid.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonValue>
#include <QLocale>
#include <QRegularExpression>
#include <QUrl>

#include <QHash>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

namespace Meetdown {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

QString htmlEscape(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&':
            out += QLatin1String("&amp;");
            break;
        case '<':
            out += QLatin1String("&lt;");
            break;
        case '>':
            out += QLatin1String("&gt;");
            break;
        case '"':
            out += QLatin1String("&quot;");
            break;
        case '\'':
            out += QLatin1String("&#39;");
            break;
        default:
            out += c;
            break;
        }
    }
    return out;
}

// Ruby's to_s of a number: integers plain, floats always with a fraction ("3.0").
QString numberText(double value)
{
    if (std::isfinite(value) && value == std::floor(value) && std::abs(value) < 1e15)
        return QString::number(static_cast<qint64>(value)) + QLatin1String(".0");
    return QString::number(value, 'g', 15);
}

// What Liquid prints for a value.
QString toText(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        return {};
    case QMetaType::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::Double:
    case QMetaType::Float:
        return numberText(v.toDouble());
    case QMetaType::QDateTime:
        return Liquid::strftime(v.toDateTime(), QStringLiteral("%Y-%m-%d %H:%M:%S %z"));
    case QMetaType::QDate:
        return v.toDate().toString(Qt::ISODate);
    case QMetaType::QVariantList:
    case QMetaType::QStringList: {
        QString out;
        for (const QVariant &item : v.toList())
            out += toText(item);
        return out;
    }
    case QMetaType::QVariantMap: {
        // Ruby's Hash#to_s; printing a whole map is rare and only needs to be recognisable.
        QStringList parts;
        const QVariantMap map = v.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            parts.append(QStringLiteral("\"%1\"=>\"%2\"").arg(it.key(), toText(it.value())));
        return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
    }
    default:
        return v.toString();
    }
}

bool isList(const QVariant &v)
{
    return v.typeId() == QMetaType::QVariantList || v.typeId() == QMetaType::QStringList;
}

// Liquid's truthiness for `default`: nil, false and empty strings and lists are replaced.
bool isEmptyValue(const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return true;
    if (v.typeId() == QMetaType::Bool)
        return !v.toBool();
    if (v.typeId() == QMetaType::QString)
        return v.toString().isEmpty();
    if (isList(v))
        return v.toList().isEmpty();
    if (v.typeId() == QMetaType::QVariantMap)
        return v.toMap().isEmpty();
    return false;
}

// A date as Jekyll's filters read one: a Time, a Date, or text Ruby can parse.
QDateTime toDateTime(const QVariant &v, const QTimeZone &zone)
{
    if (v.typeId() == QMetaType::QDateTime)
        return v.toDateTime();
    if (v.typeId() == QMetaType::QDate)
        return QDateTime(v.toDate(), QTime(0, 0), zone);
    if (v.typeId() == QMetaType::Int || v.typeId() == QMetaType::LongLong ||
        v.typeId() == QMetaType::Double)
        return QDateTime::fromSecsSinceEpoch(v.toLongLong(), zone);
    const QString text = v.toString().trimmed();
    if (text == QLatin1String("now") || text == QLatin1String("today"))
        return QDateTime::currentDateTime().toTimeZone(zone);
    static const QRegularExpression pattern(QStringLiteral(
        "^(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\.\\d+)?)?"
        "\\s*(Z|[+-]\\d{2}:?\\d{2})?$"));
    const auto m = pattern.match(text);
    if (!m.hasMatch())
        return {};
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt());
    if (!date.isValid() || !time.isValid())
        return {};
    const QString offset = m.captured(7);
    if (offset.isEmpty())
        return QDateTime(date, time, zone);
    if (offset == QLatin1String("Z"))
        return QDateTime(date, time, QTimeZone::utc());
    QString digits = offset.mid(1);
    digits.remove(QLatin1Char(':'));
    const int seconds = (digits.left(2).toInt() * 60 + digits.mid(2).toInt()) * 60;
    return QDateTime(date, time,
                     QTimeZone(offset.startsWith(QLatin1Char('-')) ? -seconds : seconds));
}

QString slugify(const QString &text)
{
    QString out;
    bool dash = false;
    for (const QChar c : text.toLower()) {
        if (c.isLetterOrNumber()) {
            if (dash && !out.isEmpty())
                out += QLatin1Char('-');
            dash = false;
            out += c;
        } else {
            dash = true;
        }
    }
    return out;
}

QString ensureLeadingSlash(const QString &text)
{
    return text.isEmpty() || text.startsWith(QLatin1Char('/')) ? text : QLatin1Char('/') + text;
}

bool isAbsoluteUrl(const QString &url)
{
    static const QRegularExpression scheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*:"));
    return scheme.match(url).hasMatch();
}

// One parsed `{% tag markup %}` or `{{ markup }}`, with the offsets it spans in the source.
struct Markup
{
    bool output = false; // {{ }} rather than {% %}
    qsizetype begin = 0; // offset of "{{" / "{%"
    qsizetype end = 0;   // offset after "}}" / "%}"
    QString inner;       // between the delimiters, whitespace-control dashes and blanks removed
    bool trimBefore = false;
    bool trimAfter = false;
    QString name;      // the tag's name
    QString arguments; // the tag's markup after its name
};

// Bounds on what one render may do: a post's loops are over its tags or a handful of talks, so
// anything near these is a mistake (or the fuzzer) and the preview stops rather than hangs.
constexpr qint64 kMaxIterations = 20000;
constexpr qsizetype kMaxOutputBytes = 8 * 1024 * 1024;
// Liquid's own limit ("Nesting too deep"); it also bounds the renderer's recursion.
constexpr int kMaxDepth = 100;
// Characters that filters and comparisons may go over in one render, loops included.
constexpr qint64 kMaxWork = 64 * 1024 * 1024;

struct Node;

// One branch of a block: the tag that opens it ({% if %}, {% elsif %}, {% when %}, {% else %}…)
// and what it holds.
struct Branch
{
    Markup tag;
    std::vector<Node> body;
};

struct Node
{
    enum class Type
    {
        Text,    // text between markup, whitespace control applied
        Literal, // markup Liquid would reject, shown as written
        Output,  // {{ … }}
        Tag,     // a tag without a body, or raw/comment/highlight with theirs
        Block,   // if, unless, case, for, capture
    };
    Type type = Type::Text;
    qsizetype begin = 0; // source span, end tag included
    qsizetype end = 0;
    QByteArray text; // Text and Literal
    Markup markup;
    Markup close; // the end tag of a block or of raw/comment/highlight
    std::vector<Branch> branches;
    bool blank = false; // Liquid's blank?: nothing but whitespace, assign, capture, comments
};

bool isBlockTag(const QString &name)
{
    return name == QLatin1String("if") || name == QLatin1String("unless") ||
           name == QLatin1String("case") || name == QLatin1String("for") ||
           name == QLatin1String("capture");
}

// Whether `name` may stand between a `block` tag and its end.
bool isMiddleOf(const QString &name, const QString &block)
{
    if (name == QLatin1String("else"))
        return block != QLatin1String("capture");
    if (name == QLatin1String("elsif"))
        return block == QLatin1String("if") || block == QLatin1String("unless");
    if (name == QLatin1String("when"))
        return block == QLatin1String("case");
    return false;
}

bool isMiddleTag(const QString &name)
{
    return name == QLatin1String("else") || name == QLatin1String("elsif") ||
           name == QLatin1String("when");
}

qint64 saturatingAdd(qint64 a, qint64 b)
{
    qint64 sum = 0;
    if (__builtin_add_overflow(a, b, &sum))
        return b > 0 ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
    return sum;
}

bool isNil(const QVariant &v)
{
    return !v.isValid() || v.isNull();
}

// Only nil and false are false to Liquid: "", 0 and [] are true.
bool isTruthy(const QVariant &v)
{
    if (isNil(v))
        return false;
    if (v.typeId() == QMetaType::Bool)
        return v.toBool();
    return true;
}

bool isNumber(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::Float:
        return true;
    default:
        return false;
    }
}

bool isTextValue(const QVariant &v)
{
    return v.typeId() == QMetaType::QString || v.typeId() == QMetaType::QByteArray;
}

// Ruby's ==: 1 == 1.0, but "1" != 1 and true != 1.
bool liquidEquals(const QVariant &a, const QVariant &b, int depth = 0)
{
    if (isNil(a) || isNil(b))
        return isNil(a) && isNil(b);
    if (isNumber(a) || isNumber(b))
        return isNumber(a) && isNumber(b) && a.toDouble() == b.toDouble();
    if (a.typeId() == QMetaType::Bool || b.typeId() == QMetaType::Bool)
        return a.typeId() == b.typeId() && a.toBool() == b.toBool();
    if (isTextValue(a) || isTextValue(b))
        return isTextValue(a) && isTextValue(b) && a.toString() == b.toString();
    if (depth > 32)
        return false;
    if (isList(a) || isList(b)) {
        if (!isList(a) || !isList(b))
            return false;
        const QVariantList x = a.toList();
        const QVariantList y = b.toList();
        if (x.size() != y.size())
            return false;
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (!liquidEquals(x.at(i), y.at(i), depth + 1))
                return false;
        }
        return true;
    }
    if (a.typeId() == QMetaType::QVariantMap || b.typeId() == QMetaType::QVariantMap) {
        if (a.typeId() != b.typeId())
            return false;
        const QVariantMap x = a.toMap();
        const QVariantMap y = b.toMap();
        if (x.keys() != y.keys())
            return false;
        for (auto it = x.begin(); it != x.end(); ++it) {
            if (!liquidEquals(it.value(), y.value(it.key()), depth + 1))
                return false;
        }
        return true;
    }
    if (a.typeId() != b.typeId())
        return false;
    return a == b;
}

// Ruby's <=> for what can be ordered (numbers, texts, times); nothing for the rest, where
// Liquid's comparison is nil, that is false.
std::optional<int> liquidCompare(const QVariant &a, const QVariant &b)
{
    auto sign = [](auto x, auto y) {
        return x < y ? -1 : (y < x ? 1 : 0);
    };
    if (isNumber(a) && isNumber(b))
        return sign(a.toDouble(), b.toDouble());
    if (isTextValue(a) && isTextValue(b))
        return sign(a.toString().toUtf8(), b.toString().toUtf8());
    if (a.typeId() == QMetaType::QDateTime && b.typeId() == QMetaType::QDateTime)
        return sign(a.toDateTime(), b.toDateTime());
    if (a.typeId() == QMetaType::QDate && b.typeId() == QMetaType::QDate)
        return sign(a.toDate(), b.toDate());
    return std::nullopt;
}

// Splits a condition into operands, comparison operators and the words and/or/contains.
QStringList conditionTokens(const QString &text)
{
    static const QString operatorChars = QStringLiteral("=!<>");
    QStringList tokens;
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = text.at(i);
        if (c.isSpace()) {
            ++i;
            continue;
        }
        qsizetype j = i;
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            j = text.indexOf(c, i + 1);
            j = j < 0 ? n : j + 1;
        } else if (operatorChars.contains(c)) {
            while (j < n && operatorChars.contains(text.at(j)))
                ++j;
        } else if (c == QLatin1Char('(')) {
            j = text.indexOf(QLatin1Char(')'), i);
            j = j < 0 ? n : j + 1;
        } else {
            int depth = 0;
            QChar quote;
            for (; j < n; ++j) {
                const QChar d = text.at(j);
                if (!quote.isNull()) {
                    if (d == quote)
                        quote = QChar();
                } else if (depth > 0 && (d == QLatin1Char('"') || d == QLatin1Char('\''))) {
                    quote = d;
                } else if (d == QLatin1Char('[')) {
                    ++depth;
                } else if (d == QLatin1Char(']')) {
                    --depth;
                } else if (depth <= 0 && (d.isSpace() || operatorChars.contains(d))) {
                    break;
                }
            }
        }
        tokens.append(text.mid(i, j - i));
        i = j;
    }
    return tokens;
}

bool isComparison(const QString &token)
{
    static const QStringList operators = {QStringLiteral("=="), QStringLiteral("!="),
                                          QStringLiteral("<>"), QStringLiteral("<"),
                                          QStringLiteral(">"),  QStringLiteral("<="),
                                          QStringLiteral(">="), QStringLiteral("contains")};
    return operators.contains(token);
}

class Renderer
{
public:
    Renderer(const QByteArray &source, const LiquidContext &context, int firstLine)
        : m_source(source), m_context(context), m_firstLine(firstLine)
    {
        m_scopes.push_back({});
    }

    LiquidResult run()
    {
        tokenize();
        trimWhitespace();
        matchBlocks();
        const std::vector<Node> root = build(0, static_cast<qsizetype>(m_tokens.size()));
        m_tokens.clear();
        // A {% break %} outside any loop ends the page in Liquid too.
        renderNodes(root);
        // Issues in the order of the source (the parse finds some before the render).
        std::stable_sort(m_issues.begin(), m_issues.end(),
                         [](const LiquidIssue &a, const LiquidIssue &b) {
                             return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                         });
        return {m_out, m_issues};
    }

private:
    // ---- parsing ----------------------------------------------------------------------------

    void tokenize()
    {
        qsizetype pos = 0;
        while (pos < m_source.size()) {
            const qsizetype open = nextMarkup(pos);
            const qsizetype textEnd = open < 0 ? m_source.size() : open;
            if (textEnd > pos)
                m_tokens.push_back(textNode(pos, textEnd));
            if (open < 0)
                break;
            Node node;
            if (!readMarkup(open, &node.markup)) {
                // Liquid would stop with a syntax error; the preview shows the rest as written.
                issue(LiquidIssue::Kind::Unclosed, open, QString::fromUtf8(m_source.mid(open, 2)));
                Node rest = textNode(open, m_source.size());
                rest.type = Node::Type::Literal;
                m_tokens.push_back(rest);
                break;
            }
            node.begin = open;
            node.end = node.markup.end;
            node.type = node.markup.output ? Node::Type::Output : Node::Type::Tag;
            const QString &name = node.markup.name;
            if (!node.markup.output &&
                (name == QLatin1String("raw") || name == QLatin1String("comment") ||
                 name == QLatin1String("highlight"))) {
                if (findEnd(name, node.markup.end, &node.close)) {
                    node.end = node.close.end;
                } else {
                    issue(LiquidIssue::Kind::Unclosed, open, name);
                    node.type = Node::Type::Literal;
                    node.text = m_source.mid(open, node.markup.end - open);
                }
            }
            m_tokens.push_back(node);
            pos = node.end;
        }
    }

    Node textNode(qsizetype begin, qsizetype end) const
    {
        Node node;
        node.begin = begin;
        node.end = end;
        node.text = m_source.mid(begin, end - begin);
        return node;
    }

    // {%- and -%} take the blanks off the text next to them, as Liquid does when it parses.
    void trimWhitespace()
    {
        for (size_t i = 0; i < m_tokens.size(); ++i) {
            const Node &t = m_tokens[i];
            if (t.type == Node::Type::Text || t.end == t.begin)
                continue;
            if (t.type == Node::Type::Literal && t.markup.end == 0)
                continue; // the unterminated rest of the source
            if (t.markup.trimBefore && i > 0 && m_tokens[i - 1].type == Node::Type::Text)
                m_tokens[i - 1].text = trimRight(m_tokens[i - 1].text);
            const bool after = t.close.end > 0 ? t.close.trimAfter : t.markup.trimAfter;
            if (after && i + 1 < m_tokens.size() && m_tokens[i + 1].type == Node::Type::Text)
                m_tokens[i + 1].text = trimLeft(m_tokens[i + 1].text);
        }
    }

    enum class Role
    {
        Plain,
        Open,
        Middle,
        End,
    };

    // Pairs block tags with their ends in one pass. What Liquid would reject (an end without
    // its block, a block never closed, an else outside one) becomes text shown as written,
    // with an issue, and everything else still renders.
    void matchBlocks()
    {
        const size_t count = m_tokens.size();
        m_roles.assign(count, Role::Plain);
        m_match.assign(count, -1);
        m_middles.assign(count, {});
        std::vector<size_t> stack;
        auto literal = [&](size_t i, LiquidIssue::Kind kind) {
            Node &t = m_tokens[i];
            issue(kind, t.begin, t.markup.name);
            t.type = Node::Type::Literal;
            t.text = m_source.mid(t.begin, t.markup.end - t.begin);
            m_roles[i] = Role::Plain;
            for (const qsizetype m : m_middles[i]) {
                Node &middle = m_tokens[m];
                middle.type = Node::Type::Literal;
                middle.text = m_source.mid(middle.begin, middle.markup.end - middle.begin);
                m_roles[m] = Role::Plain;
            }
            m_middles[i].clear();
        };
        for (size_t i = 0; i < count; ++i) {
            const Node &t = m_tokens[i];
            if (t.type != Node::Type::Tag)
                continue;
            const QString &name = t.markup.name;
            if (isBlockTag(name)) {
                if (stack.size() >= static_cast<size_t>(kMaxDepth)) {
                    literal(i, LiquidIssue::Kind::Limit);
                    continue;
                }
                m_roles[i] = Role::Open;
                stack.push_back(i);
            } else if (isMiddleTag(name)) {
                if (!stack.empty() && isMiddleOf(name, m_tokens[stack.back()].markup.name)) {
                    m_roles[i] = Role::Middle;
                    m_middles[stack.back()].push_back(static_cast<qsizetype>(i));
                } else {
                    literal(i, LiquidIssue::Kind::UnknownTag);
                }
            } else if (name.startsWith(QLatin1String("end")) && isBlockTag(name.mid(3))) {
                const QString block = name.mid(3);
                auto open = std::find_if(stack.rbegin(), stack.rend(), [&](size_t s) {
                    return m_tokens[s].markup.name == block;
                });
                if (open == stack.rend()) {
                    literal(i, LiquidIssue::Kind::UnknownTag);
                    continue;
                }
                const size_t depth = static_cast<size_t>(stack.rend() - open) - 1;
                while (stack.size() > depth + 1) {
                    literal(stack.back(), LiquidIssue::Kind::Unclosed);
                    stack.pop_back();
                }
                m_roles[i] = Role::End;
                m_match[stack.back()] = static_cast<qsizetype>(i);
                stack.pop_back();
            }
        }
        while (!stack.empty()) {
            literal(stack.back(), LiquidIssue::Kind::Unclosed);
            stack.pop_back();
        }
    }

    std::vector<Node> build(qsizetype from, qsizetype to)
    {
        std::vector<Node> nodes;
        for (qsizetype i = from; i < to; ++i) {
            if (m_roles[i] != Role::Open) {
                nodes.push_back(std::move(m_tokens[i]));
                continue;
            }
            const qsizetype end = m_match[i];
            Node block = std::move(m_tokens[i]);
            block.type = Node::Type::Block;
            std::vector<qsizetype> bounds = {i};
            bounds.insert(bounds.end(), m_middles[i].begin(), m_middles[i].end());
            bounds.push_back(end);
            for (size_t b = 0; b + 1 < bounds.size(); ++b) {
                Branch branch;
                branch.tag = b == 0 ? block.markup : m_tokens[bounds[b]].markup;
                branch.body = build(bounds[b] + 1, bounds[b + 1]);
                block.branches.push_back(std::move(branch));
            }
            block.close = m_tokens[end].markup;
            block.end = block.close.end;
            block.blank =
                std::all_of(block.branches.begin(), block.branches.end(), [](const Branch &b) {
                    return std::all_of(b.body.begin(), b.body.end(), isBlankNode);
                });
            // Liquid drops the blank text of a control-flow block with nothing else in it:
            // the lines around an {% assign %} inside an {% if %} print nothing.
            if (block.blank && block.markup.name != QLatin1String("capture")) {
                for (Branch &b : block.branches) {
                    b.body.erase(
                        std::remove_if(b.body.begin(), b.body.end(),
                                       [](const Node &n) { return n.type == Node::Type::Text; }),
                        b.body.end());
                }
            }
            nodes.push_back(std::move(block));
            i = end;
        }
        return nodes;
    }

    static bool isBlankNode(const Node &node)
    {
        switch (node.type) {
        case Node::Type::Text:
            return std::all_of(node.text.begin(), node.text.end(), isBlank);
        case Node::Type::Block:
            return node.blank || node.markup.name == QLatin1String("capture");
        case Node::Type::Tag: {
            const QString &name = node.markup.name;
            if (name == QLatin1String("raw"))
                return node.close.begin == node.markup.end;
            return name == QLatin1String("assign") || name == QLatin1String("comment") ||
                   name == QLatin1String("#");
        }
        default:
            return false;
        }
    }

    qsizetype nextMarkup(qsizetype from) const
    {
        const qsizetype a = m_source.indexOf("{{", from);
        const qsizetype b = m_source.indexOf("{%", from);
        if (a < 0)
            return b;
        if (b < 0)
            return a;
        return std::min(a, b);
    }

    bool readMarkup(qsizetype open, Markup *markup) const
    {
        markup->output = m_source.at(open + 1) == '{';
        markup->begin = open;
        const qsizetype close = m_source.indexOf(markup->output ? "}}" : "%}", open + 2);
        if (close < 0)
            return false;
        markup->end = close + 2;
        QString inner = QString::fromUtf8(m_source.mid(open + 2, close - open - 2));
        if (inner.startsWith(QLatin1Char('-'))) {
            markup->trimBefore = true;
            inner.remove(0, 1);
        }
        if (inner.endsWith(QLatin1Char('-'))) {
            markup->trimAfter = true;
            inner.chop(1);
        }
        markup->inner = inner.trimmed();
        if (!markup->output) {
            static const QRegularExpression nameAndRest(
                QStringLiteral("^(#|[A-Za-z_]\\w*)\\s*(.*)$"),
                QRegularExpression::DotMatchesEverythingOption);
            const auto m = nameAndRest.match(markup->inner);
            markup->name = m.captured(1);
            markup->arguments = m.captured(2).trimmed();
        }
        return true;
    }

    static QByteArray trimLeft(const QByteArray &text)
    {
        qsizetype i = 0;
        while (i < text.size() && isBlank(text.at(i)))
            ++i;
        return text.mid(i);
    }

    static QByteArray trimRight(const QByteArray &text)
    {
        qsizetype i = text.size();
        while (i > 0 && isBlank(text.at(i - 1)))
            --i;
        return text.left(i);
    }

    void issue(LiquidIssue::Kind kind, qsizetype offset, const QString &argument)
    {
        // Each once: a loop would repeat them.
        if (!m_reported.insert({static_cast<int>(kind), offset}).second)
            return;
        // Line starts are found once: a post with many issues would rescan it for each.
        if (m_lineStarts.empty()) {
            m_lineStarts.push_back(0);
            for (qsizetype i = 0; i < m_source.size(); ++i) {
                if (m_source.at(i) == '\n')
                    m_lineStarts.push_back(i + 1);
            }
        }
        const auto next = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset);
        const qsizetype line = next - m_lineStarts.begin() - 1;
        const qsizetype lineStart = m_lineStarts[static_cast<size_t>(line)];
        // Columns count characters, as editors and Diagnostic do.
        const int column =
            static_cast<int>(
                QString::fromUtf8(m_source.mid(lineStart, offset - lineStart)).size()) +
            1;
        m_issues.append({kind, m_firstLine + static_cast<int>(line), column, argument});
    }

    // Where the block tag `end<name>` that closes a {% name %} at `from` is, nested ones
    // skipped; -1 without one.
    bool findEnd(const QString &name, qsizetype from, Markup *endMarkup) const
    {
        int depth = 0;
        qsizetype pos = from;
        for (;;) {
            const qsizetype open = m_source.indexOf("{%", pos);
            if (open < 0)
                return false;
            Markup m;
            if (!readMarkup(open, &m))
                return false;
            // Nothing inside raw is a tag, not even another raw.
            if (name != QLatin1String("raw") && m.name == name)
                ++depth;
            else if (m.name == QLatin1String("end") + name && depth-- == 0) {
                *endMarkup = m;
                return true;
            }
            pos = m.end;
        }
    }

    // ---- rendering --------------------------------------------------------------------------

    // Stops the render with one issue: the output so far stays.
    void stop(qsizetype offset, const QString &why)
    {
        if (!m_stopped)
            issue(LiquidIssue::Kind::Limit, offset, why);
        m_stopped = true;
    }

    void append(const QByteArray &text, qsizetype offset)
    {
        if (m_out.size() + text.size() > kMaxOutputBytes) {
            stop(offset, QStringLiteral("output"));
            return;
        }
        m_out += text;
    }

    void renderNodes(const std::vector<Node> &nodes)
    {
        for (const Node &node : nodes) {
            if (m_stopped || m_interrupt != Interrupt::None)
                return;
            m_at = node.begin;
            switch (node.type) {
            case Node::Type::Text:
            case Node::Type::Literal:
                append(node.text, node.begin);
                break;
            case Node::Type::Output:
                append(toText(evaluate(node.markup.inner)).toUtf8(), node.begin);
                break;
            case Node::Type::Tag:
                tag(node);
                break;
            case Node::Type::Block:
                block(node);
                break;
            }
        }
    }

    void tag(const Node &node)
    {
        const Markup &markup = node.markup;
        const QString &name = markup.name;
        if (name == QLatin1String("raw") || name == QLatin1String("comment") ||
            name == QLatin1String("highlight")) {
            const Markup &end = node.close;
            const QByteArray body = m_source.mid(markup.end, end.begin - markup.end);
            if (name == QLatin1String("raw")) {
                QByteArray text = markup.trimAfter ? trimLeft(body) : body;
                append(end.trimBefore ? trimRight(text) : text, node.begin);
            } else if (name == QLatin1String("comment")) {
                comment(markup, end);
            } else {
                highlight(markup.arguments, body, node.begin);
            }
            return;
        }
        if (name == QLatin1String("#"))
            return; // an inline comment
        if (name == QLatin1String("post_url")) {
            const QString url = m_context.postUrl ? m_context.postUrl(markup.arguments) : QString();
            if (url.isEmpty()) {
                // Jekyll stops the build here; the preview shows the tag and check can say why.
                issue(LiquidIssue::Kind::UnresolvedPostUrl, markup.begin, markup.arguments);
                append(m_source.mid(markup.begin, markup.end - markup.begin), node.begin);
            } else {
                append(url.toUtf8(), node.begin);
            }
            return;
        }
        if (name == QLatin1String("link")) {
            const QString path = markup.arguments.trimmed();
            const QString url = m_context.linkUrl ? m_context.linkUrl(path) : QString();
            if (url.isEmpty()) {
                issue(LiquidIssue::Kind::UnresolvedLink, markup.begin, path);
                append(m_source.mid(markup.begin, markup.end - markup.begin), node.begin);
            } else {
                append(url.toUtf8(), node.begin);
            }
            return;
        }
        if (name == QLatin1String("include") || name == QLatin1String("include_relative")) {
            const QString file = markup.arguments.section(QLatin1Char(' '), 0, 0);
            issue(LiquidIssue::Kind::Include, markup.begin, file);
            // Plain text: it may stand in a paragraph, a list or a code block alike.
            append(QStringLiteral("\u27E6%1 %2\u27E7").arg(name, file).toUtf8(), node.begin);
            return;
        }
        if (name == QLatin1String("assign")) {
            static const QRegularExpression assignment(
                QStringLiteral("^([A-Za-z_][\\w-]*)\\s*=\\s*(.*)$"),
                QRegularExpression::DotMatchesEverythingOption);
            const auto m = assignment.match(markup.arguments);
            if (m.hasMatch()) {
                m_scopes.front().insert(m.captured(1), evaluate(m.captured(2)));
                return;
            }
        }
        if (name == QLatin1String("break") || name == QLatin1String("continue")) {
            m_interrupt = name == QLatin1String("break") ? Interrupt::Break : Interrupt::Continue;
            return;
        }
        issue(LiquidIssue::Kind::UnknownTag, markup.begin, name);
        append(m_source.mid(markup.begin, markup.end - markup.begin), node.begin);
    }

    void block(const Node &node)
    {
        const qsizetype mark = m_out.size();
        const QString &name = node.markup.name;
        if (name == QLatin1String("if") || name == QLatin1String("unless")) {
            for (size_t i = 0; i < node.branches.size(); ++i) {
                const Branch &branch = node.branches[i];
                bool taken = branch.tag.name == QLatin1String("else") ||
                             isTruthy(condition(branch.tag.arguments));
                if (i == 0 && name == QLatin1String("unless"))
                    taken = !taken;
                if (taken) {
                    renderNodes(branch.body);
                    break;
                }
            }
        } else if (name == QLatin1String("case")) {
            caseBlock(node);
        } else if (name == QLatin1String("for")) {
            forBlock(node);
        } else if (name == QLatin1String("capture")) {
            ++m_captureDepth;
            renderNodes(node.branches.front().body);
            --m_captureDepth;
            static const QRegularExpression target(QStringLiteral("^([\\w-]+)"));
            const QString variable = target.match(node.markup.arguments).captured(1);
            const QByteArray captured = m_out.mid(mark);
            m_out.truncate(mark);
            if (!variable.isEmpty())
                m_scopes.front().insert(variable, QString::fromUtf8(captured));
        }
        keepLines(node, mark);
    }

    // A block that printed fewer lines than it spans gives the missing line breaks back, so the
    // lines after it keep their numbers; only where Jekyll's output has a blank line anyway (the
    // block alone on its lines), so the Markdown reads the same. Inside loops and captures the
    // lines cannot match anyway.
    void keepLines(const Node &node, qsizetype mark)
    {
        if (m_loopDepth > 0 || m_captureDepth > 0 || m_stopped || node.close.trimAfter)
            return;
        if (!m_out.isEmpty() && !m_out.endsWith('\n'))
            return;
        qsizetype i = node.end;
        while (i < m_source.size() &&
               (m_source.at(i) == ' ' || m_source.at(i) == '\t' || m_source.at(i) == '\r'))
            ++i;
        if (i < m_source.size() && m_source.at(i) != '\n')
            return;
        const qsizetype spanned = m_source.mid(node.begin, node.end - node.begin).count('\n');
        const qsizetype printed = m_out.mid(mark).count('\n');
        if (printed < spanned)
            append(QByteArray(spanned - printed, '\n'), node.begin);
    }

    void caseBlock(const Node &node)
    {
        const QVariant left = operand(node.markup.arguments.trimmed());
        bool elseDue = true;
        // The first branch holds what stands before the first {% when %}: never shown.
        for (size_t i = 1; i < node.branches.size(); ++i) {
            const Branch &branch = node.branches[i];
            if (branch.tag.name == QLatin1String("else")) {
                if (elseDue)
                    renderNodes(branch.body);
                continue;
            }
            // {% when a, b %} and {% when a or b %}: the body is shown once per value that
            // matches, as Liquid does.
            static const QRegularExpression separator(QStringLiteral("\\s*,\\s*|\\s+or\\s+"));
            for (const QString &value : splitValues(branch.tag.arguments, separator)) {
                if (m_stopped || m_interrupt != Interrupt::None)
                    return;
                if (compare(left, QStringLiteral("=="), value)) {
                    elseDue = false;
                    renderNodes(branch.body);
                }
            }
        }
    }

    // Splits at the separator outside quotes.
    static QStringList splitValues(const QString &text, const QRegularExpression &separator)
    {
        QStringList values;
        QString current;
        qsizetype i = 0;
        while (i < text.size()) {
            const QChar c = text.at(i);
            if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
                qsizetype close = text.indexOf(c, i + 1);
                close = close < 0 ? text.size() : close + 1;
                current += text.mid(i, close - i);
                i = close;
                continue;
            }
            const auto m = separator.match(text, i, QRegularExpression::NormalMatch,
                                           QRegularExpression::AnchorAtOffsetMatchOption);
            if (m.hasMatch() && m.capturedLength() > 0) {
                values.append(current.trimmed());
                current.clear();
                i = m.capturedEnd();
                continue;
            }
            current += c;
            ++i;
        }
        values.append(current.trimmed());
        values.removeAll(QString());
        return values;
    }

    // Liquid's conditions: comparisons joined by and/or, read from the right (a and b or c is
    // a and (b or c)), without parentheses.
    QVariant condition(const QString &markup)
    {
        const QStringList tokens = conditionTokens(markup);
        struct Part
        {
            QString left, op, right, relation;
        };
        QList<Part> parts;
        qsizetype i = 0;
        while (i < tokens.size()) {
            Part part;
            part.left = tokens.at(i++);
            if (i < tokens.size() && isComparison(tokens.at(i))) {
                part.op = tokens.at(i++);
                if (i < tokens.size())
                    part.right = tokens.at(i++);
            }
            if (i < tokens.size() &&
                (tokens.at(i) == QLatin1String("and") || tokens.at(i) == QLatin1String("or")))
                part.relation = tokens.at(i++);
            parts.append(part);
            if (part.relation.isEmpty())
                break; // what follows is not Liquid; Jekyll would stop with a syntax error
        }
        QVariant result;
        for (const Part &part : parts) {
            result = part.op.isEmpty() ? value(part.left)
                                       : QVariant(compare(part.left, part.op, part.right));
            if (part.relation == QLatin1String("or")    ? isTruthy(result)
                : part.relation == QLatin1String("and") ? !isTruthy(result)
                                                        : true)
                break;
        }
        return result;
    }

    // An operand of a condition: `empty` and `blank` are the special words Liquid compares with.
    QVariant value(const QString &text)
    {
        if (text == QLatin1String("empty") || text == QLatin1String("blank"))
            return {};
        return operand(text);
    }

    // Counts the work a value stands for (a filter or a comparison goes over all of it);
    // false once the render has done more than it ever should.
    bool spend(const QVariant &v)
    {
        m_work += 1;
        if (isTextValue(v))
            m_work += v.toString().size();
        else if (isList(v))
            m_work += v.toList().size();
        if (m_work > kMaxWork)
            stop(m_at, QStringLiteral("work"));
        return !m_stopped;
    }

    bool compare(const QVariant &left, const QString &op, const QString &rightText)
    {
        if (!spend(left))
            return false;
        // x == empty asks whether x is an empty text, list or map; Ruby has no blank? outside
        // Rails, so == blank is never true.
        if (rightText == QLatin1String("empty") || rightText == QLatin1String("blank")) {
            bool empty = false;
            if (rightText == QLatin1String("empty")) {
                if (isTextValue(left))
                    empty = left.toString().isEmpty();
                else if (isList(left))
                    empty = left.toList().isEmpty();
                else if (left.typeId() == QMetaType::QVariantMap)
                    empty = left.toMap().isEmpty();
            }
            if (op == QLatin1String("=="))
                return empty;
            if (op == QLatin1String("!=") || op == QLatin1String("<>"))
                return !empty;
            return false;
        }
        return compare(left, op, value(rightText), false);
    }

    bool compare(const QString &leftText, const QString &op, const QString &rightText)
    {
        if (leftText == QLatin1String("empty") || leftText == QLatin1String("blank"))
            return compare(operand(rightText), op, leftText);
        return compare(value(leftText), op, rightText);
    }

    static bool compare(const QVariant &left, const QString &op, const QVariant &right, bool)
    {
        if (op == QLatin1String("=="))
            return liquidEquals(left, right);
        if (op == QLatin1String("!=") || op == QLatin1String("<>"))
            return !liquidEquals(left, right);
        if (op == QLatin1String("contains")) {
            if (!isTruthy(left) || !isTruthy(right))
                return false;
            if (isTextValue(left))
                return left.toString().contains(toText(right));
            if (isList(left)) {
                const QVariantList list = left.toList();
                return std::any_of(list.begin(), list.end(),
                                   [&](const QVariant &item) { return liquidEquals(item, right); });
            }
            if (left.typeId() == QMetaType::QVariantMap)
                return isTextValue(right) && left.toMap().contains(right.toString());
            return false;
        }
        const std::optional<int> order = liquidCompare(left, right);
        if (!order)
            return false;
        if (op == QLatin1String("<"))
            return *order < 0;
        if (op == QLatin1String(">"))
            return *order > 0;
        if (op == QLatin1String("<="))
            return *order <= 0;
        if (op == QLatin1String(">="))
            return *order >= 0;
        return false;
    }

    // Ruby's Integer() as Liquid's for tag uses it on limit and offset.
    static std::optional<qint64> toInteger(const QVariant &v)
    {
        if (v.typeId() == QMetaType::Double || v.typeId() == QMetaType::Float)
            return std::nullopt;
        if (isNumber(v))
            return v.toLongLong();
        bool ok = false;
        const qint64 n = toText(v).trimmed().toLongLong(&ok);
        return ok ? std::optional<qint64>(n) : std::nullopt;
    }

    void forBlock(const Node &node)
    {
        static const QRegularExpression syntax(QStringLiteral(
            "^([\\w-]+)\\s+in\\s+(\\([^)]*\\)|\"[^\"]*\"|'[^']*'|[^\\s,|]+)\\s*(reversed\\b)?"));
        static const QRegularExpression attribute(
            QStringLiteral("(\\w+)\\s*:\\s*(\"[^\"]*\"|'[^']*'|[^\\s,]+)"));
        const auto m = syntax.match(node.markup.arguments);
        if (!m.hasMatch()) {
            issue(LiquidIssue::Kind::UnknownTag, node.begin, node.markup.name);
            return;
        }
        const QString variable = m.captured(1);
        const QString collectionText = m.captured(2);
        const bool reversed = !m.captured(3).isEmpty();
        QString offsetText;
        QString limitText;
        for (auto it = attribute.globalMatch(node.markup.arguments, m.capturedEnd());
             it.hasNext();) {
            const auto a = it.next();
            if (a.captured(1) == QLatin1String("offset"))
                offsetText = a.captured(2);
            else if (a.captured(1) == QLatin1String("limit"))
                limitText = a.captured(2);
        }
        const QString loopName = variable + QLatin1Char('-') + collectionText;
        qint64 from = 0;
        if (offsetText == QLatin1String("continue"))
            from = m_forOffsets.value(loopName);
        else if (!offsetText.isEmpty())
            from = toInteger(operand(offsetText)).value_or(0);
        std::optional<qint64> to;
        if (!limitText.isEmpty()) {
            if (const auto limit = toInteger(operand(limitText)))
                to = saturatingAdd(*limit, from);
        }

        // The items [begin, end) of the collection, read one by one: neither a range nor a
        // slice is made into a list, so a loop that breaks early costs only what it ran.
        const qint64 budget = std::max<qint64>(kMaxIterations - m_iterations, 0);
        QVariantList all;
        qint64 first = 0; // of a range
        bool isRange = false;
        qint64 size = 0;
        static const QRegularExpression range(QStringLiteral("^\\((.+?)\\.\\.(.+)\\)$"));
        if (const auto r = range.match(collectionText); r.hasMatch()) {
            isRange = true;
            first = toInteger(operand(r.captured(1).trimmed())).value_or(0);
            const qint64 last = toInteger(operand(r.captured(2).trimmed())).value_or(0);
            // As long double: (-9e18..9e18) would overflow; no loop gets near 1e15 anyway.
            size = last >= first ? static_cast<qint64>(std::min<long double>(
                                       static_cast<long double>(last) - first + 1, 1e15L))
                                 : 0;
        } else {
            const QVariant collection = operand(collectionText);
            if (isList(collection)) {
                all = collection.toList();
            } else if (collection.typeId() == QMetaType::QVariantMap) {
                const QVariantMap map = collection.toMap();
                for (auto it = map.begin(); it != map.end() && all.size() <= budget; ++it)
                    all.append(QVariant(QVariantList{it.key(), it.value()}));
            } else if (isTextValue(collection) && !collection.toString().isEmpty()) {
                all.append(collection);
            } else if (isNil(collection)) {
                unavailable(collectionText, node.begin);
            }
            size = all.size();
        }
        const qint64 begin = std::max<qint64>(from, 0);
        const qint64 end = std::min(size, to ? *to : size);
        const qint64 count = std::max<qint64>(end - begin, 0);
        const bool capped = count > budget;
        const qsizetype length = static_cast<qsizetype>(std::min(count, budget));
        auto itemAt = [&](qsizetype k) -> QVariant {
            const qint64 index = reversed ? end - 1 - k : begin + k;
            return isRange ? QVariant(first + index) : all.at(static_cast<qsizetype>(index));
        };
        m_forOffsets.insert(loopName, saturatingAdd(from, length));
        if (!spend(QVariant()))
            return;

        if (length == 0 && !capped) {
            if (node.branches.size() > 1)
                renderNodes(node.branches[1].body);
            return;
        }
        ++m_loopDepth;
        const QVariant parent = m_loops.isEmpty() ? QVariant() : QVariant(m_loops.last());
        m_scopes.push_back({});
        for (qsizetype k = 0; k < length; ++k) {
            if (m_stopped)
                break;
            ++m_iterations;
            const QVariantMap forloop = {
                {QStringLiteral("name"), loopName},     {QStringLiteral("length"), length},
                {QStringLiteral("index"), k + 1},       {QStringLiteral("index0"), k},
                {QStringLiteral("rindex"), length - k}, {QStringLiteral("rindex0"), length - k - 1},
                {QStringLiteral("first"), k == 0},      {QStringLiteral("last"), k == length - 1},
                {QStringLiteral("parentloop"), parent},
            };
            m_loops.append(QVariant(forloop));
            m_scopes.back().insert(QStringLiteral("forloop"), forloop);
            m_scopes.back().insert(variable, itemAt(k));
            renderNodes(node.branches.front().body);
            m_loops.removeLast();
            const Interrupt interrupt = m_interrupt;
            m_interrupt = Interrupt::None;
            if (interrupt == Interrupt::Break)
                break;
        }
        m_scopes.pop_back();
        --m_loopDepth;
        if (capped)
            stop(node.begin, QStringLiteral("for"));
    }

    // Jekyll's site has the posts, pages, collections and data the preview does not load: a
    // loop over them shows nothing here, and says so.
    void unavailable(const QString &path, qsizetype offset)
    {
        static const QRegularExpression siteList(QStringLiteral(
            "^site\\.(posts|pages|related_posts|static_files|html_pages|html_files|documents|"
            "collections|categories|tags|data)\\b"));
        const auto m = siteList.match(path);
        if (m.hasMatch() && !m_context.site.contains(m.captured(1)))
            issue(LiquidIssue::Kind::Unavailable, offset, path);
    }

    // A comment that fills whole lines leaves its line breaks, so the lines after it keep
    // their numbers; one inside a line goes like Jekyll's, without a trace.
    void comment(const Markup &open, const Markup &close)
    {
        if (m_loopDepth > 0 || m_captureDepth > 0)
            return;
        const QByteArray inner = m_source.mid(open.begin, close.end - open.begin);
        const qsizetype lineStart = m_source.lastIndexOf('\n', open.begin) + 1;
        const bool startsLine = trimLeft(m_source.mid(lineStart, open.begin - lineStart)).isEmpty();
        qsizetype lineEnd = m_source.indexOf('\n', close.end);
        if (lineEnd < 0)
            lineEnd = m_source.size();
        const bool endsLine = trimLeft(m_source.mid(close.end, lineEnd - close.end)).isEmpty();
        if (startsLine || endsLine)
            append(QByteArray(inner.count('\n'), '\n'), open.begin);
    }

    // Jekyll's {% highlight lang %}: rouge's figure, here without the colours. The figure opens
    // on the tag's line and closes on the end tag's, so the code keeps its lines.
    void highlight(const QString &arguments, const QByteArray &body, qsizetype offset)
    {
        const QString language =
            arguments.section(QLatin1Char(' '), 0, 0, QString::SectionSkipEmpty);
        qsizetype leading = 0;
        while (leading < body.size() && (body.at(leading) == '\n' || body.at(leading) == '\r'))
            ++leading;
        qsizetype trailing = body.size();
        while (trailing > leading &&
               (body.at(trailing - 1) == '\n' || body.at(trailing - 1) == '\r'))
            --trailing;
        const int before = static_cast<int>(body.left(leading).count('\n'));
        const int after = static_cast<int>(body.mid(trailing).count('\n'));
        const QByteArray code = body.mid(leading, trailing - leading);
        const QByteArray lang = htmlEscape(language).toUtf8();
        QByteArray out;
        out += QByteArray(std::max(before - 1, 0), '\n');
        out += "<figure class=\"highlight\"><pre>";
        if (before > 0)
            out += '\n'; // right after <pre>, where a browser does not show it
        out += "<code class=\"language-" + lang + "\" data-lang=\"" + lang + "\">";
        out += htmlEscape(QString::fromUtf8(code))
                   .replace(QLatin1String("&#39;"), QLatin1String("'"))
                   .toUtf8();
        if (after > 0)
            out += '\n';
        out += "</code></pre></figure>";
        out += QByteArray(std::max(after - 1, 0), '\n');
        append(out, offset);
    }

    // ---- expressions ------------------------------------------------------------------------

    // Splits at `separator` outside quotes.
    static QStringList splitOutsideQuotes(const QString &text, QChar separator)
    {
        QStringList parts;
        QString current;
        QChar quote;
        for (const QChar c : text) {
            if (!quote.isNull()) {
                if (c == quote)
                    quote = QChar();
            } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
                quote = c;
            } else if (c == separator) {
                parts.append(current);
                current.clear();
                continue;
            }
            current += c;
        }
        parts.append(current);
        return parts;
    }

    QVariant evaluate(const QString &expression)
    {
        const QStringList parts = splitOutsideQuotes(expression, QLatin1Char('|'));
        QVariant value = operand(parts.first().trimmed());
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QString filter = parts.at(i).trimmed();
            const qsizetype colon = filter.indexOf(QLatin1Char(':'));
            const QString name = (colon < 0 ? filter : filter.left(colon)).trimmed();
            QVariantList arguments;
            if (colon >= 0) {
                for (const QString &a : splitOutsideQuotes(filter.mid(colon + 1), QLatin1Char(',')))
                    arguments.append(operand(a.trimmed()));
            }
            value = applyFilter(name, value, arguments);
            // append in a loop doubles a text each time round: stop before memory runs out.
            if (isTextValue(value) && value.toString().size() > kMaxOutputBytes) {
                stop(m_at, QStringLiteral("output"));
                return {};
            }
            if (!spend(value))
                return {};
        }
        return value;
    }

    QVariant operand(const QString &text)
    {
        if (text.size() >= 2 &&
            (text.front() == QLatin1Char('"') || text.front() == QLatin1Char('\'')) &&
            text.back() == text.front())
            return text.mid(1, text.size() - 2);
        if (text == QLatin1String("true") || text == QLatin1String("false"))
            return text == QLatin1String("true");
        if (text == QLatin1String("nil") || text == QLatin1String("null") || text.isEmpty())
            return {};
        // A range, (1..3) or (1..page.count), as the list of its numbers.
        static const QRegularExpression range(QStringLiteral("^\\((.+?)\\.\\.(.+)\\)$"));
        if (const auto r = range.match(text); r.hasMatch()) {
            const qint64 first = toInteger(operand(r.captured(1).trimmed())).value_or(0);
            const qint64 last = toInteger(operand(r.captured(2).trimmed())).value_or(0);
            QVariantList numbers;
            for (qint64 n = first; first <= last; ++n) {
                numbers.append(n);
                if (n >= last || numbers.size() >= kMaxIterations)
                    break;
            }
            spend(numbers);
            return numbers;
        }
        bool ok = false;
        const qlonglong integer = text.toLongLong(&ok);
        if (ok)
            return integer;
        const double real = text.toDouble(&ok);
        if (ok)
            return real;
        return lookup(text);
    }

    // site.title, page.tags[0], page["key"], page.tags.size, a variable set with assign.
    QVariant lookup(const QString &path)
    {
        static const QRegularExpression part(
            QStringLiteral("\\G(?:\\.?([A-Za-z_][\\w-]*(?:\\?)?)|\\[\\s*(?:\"([^\"]*)\"|'([^']*)'|("
                           "-?\\d+)|([^\\]]+?))\\s*\\])"));
        QVariant current;
        bool first = true;
        qsizetype pos = 0;
        while (pos < path.size()) {
            const auto m = part.match(path, pos);
            if (!m.hasMatch() || m.capturedLength() == 0)
                return {};
            pos = m.capturedEnd();
            QString key;
            if (m.hasCaptured(4) && !m.captured(4).isEmpty()) {
                const int index = m.captured(4).toInt();
                const QVariantList list = current.toList();
                const int at = index < 0 ? static_cast<int>(list.size()) + index : index;
                current = at >= 0 && at < list.size() ? list.at(at) : QVariant();
                first = false;
                continue;
            }
            if (!m.captured(1).isEmpty())
                key = m.captured(1);
            else if (m.hasCaptured(2) && !m.captured(2).isNull())
                key = m.captured(2);
            else if (m.hasCaptured(3) && !m.captured(3).isNull())
                key = m.captured(3);
            else
                key = toText(lookup(m.captured(5).trimmed()));
            if (first) {
                first = false;
                auto scope = std::find_if(m_scopes.rbegin(), m_scopes.rend(),
                                          [&](const QVariantMap &s) { return s.contains(key); });
                if (scope != m_scopes.rend())
                    current = scope->value(key);
                else if (key == QLatin1String("site"))
                    current = m_context.site;
                else if (key == QLatin1String("page"))
                    current = m_context.page;
                else
                    return {};
                continue;
            }
            current = property(current, key);
        }
        return current;
    }

    static QVariant property(const QVariant &value, const QString &key)
    {
        if (value.typeId() == QMetaType::QVariantMap) {
            const QVariantMap map = value.toMap();
            if (map.contains(key))
                return map.value(key);
        }
        if (key == QLatin1String("size")) {
            if (isList(value))
                return value.toList().size();
            if (value.typeId() == QMetaType::QVariantMap)
                return value.toMap().size();
            return toText(value).size();
        }
        if (isList(value) && (key == QLatin1String("first") || key == QLatin1String("last"))) {
            const QVariantList list = value.toList();
            if (list.isEmpty())
                return {};
            return key == QLatin1String("first") ? list.first() : list.last();
        }
        return {};
    }

    QString siteText(const QString &key) const { return toText(m_context.site.value(key)); }

    QString relativeUrl(const QString &input) const
    {
        if (isAbsoluteUrl(input))
            return input;
        QString baseurl = siteText(QStringLiteral("baseurl"));
        while (baseurl.endsWith(QLatin1Char('/')))
            baseurl.chop(1);
        return ensureLeadingSlash(baseurl) + ensureLeadingSlash(input);
    }

    QVariant applyFilter(const QString &name, const QVariant &input, const QVariantList &args)
    {
        const QString text = toText(input);
        auto arg = [&](int i) {
            return i < args.size() ? args.at(i) : QVariant();
        };
        auto argText = [&](int i) {
            return toText(arg(i));
        };
        if (name == QLatin1String("relative_url"))
            return input.isValid() ? QVariant(relativeUrl(text)) : QVariant();
        if (name == QLatin1String("absolute_url")) {
            if (!input.isValid())
                return {};
            if (isAbsoluteUrl(text))
                return text;
            QString url = siteText(QStringLiteral("url"));
            return url + relativeUrl(text);
        }
        if (name == QLatin1String("date")) {
            const QDateTime time = toDateTime(input, m_context.timeZone);
            if (!time.isValid() || argText(0).isEmpty())
                return input;
            return Liquid::strftime(time, argText(0));
        }
        if (name == QLatin1String("date_to_string") ||
            name == QLatin1String("date_to_long_string")) {
            const QDateTime time = toDateTime(input, m_context.timeZone);
            if (!time.isValid())
                return input;
            const QString month = name == QLatin1String("date_to_string") ? QStringLiteral("%b")
                                                                          : QStringLiteral("%B");
            if (argText(0) == QLatin1String("ordinal")) {
                const int day = time.date().day();
                const QString suffix = (day % 100 >= 11 && day % 100 <= 13) ? QStringLiteral("th")
                                       : day % 10 == 1                      ? QStringLiteral("st")
                                       : day % 10 == 2                      ? QStringLiteral("nd")
                                       : day % 10 == 3                      ? QStringLiteral("rd")
                                                                            : QStringLiteral("th");
                const QString ordinal = QString::number(day) + suffix;
                if (argText(1) == QLatin1String("US"))
                    return Liquid::strftime(time, month + QLatin1Char(' ') + ordinal +
                                                      QStringLiteral(", %Y"));
                return Liquid::strftime(time,
                                        ordinal + QLatin1Char(' ') + month + QStringLiteral(" %Y"));
            }
            return Liquid::strftime(time, QStringLiteral("%d ") + month + QStringLiteral(" %Y"));
        }
        if (name == QLatin1String("date_to_xmlschema")) {
            const QDateTime time = toDateTime(input, m_context.timeZone);
            return time.isValid()
                       ? QVariant(Liquid::strftime(time, QStringLiteral("%Y-%m-%dT%H:%M:%S%:z")))
                       : input;
        }
        if (name == QLatin1String("date_to_rfc822")) {
            const QDateTime time = toDateTime(input, m_context.timeZone);
            return time.isValid() ? QVariant(Liquid::strftime(
                                        time, QStringLiteral("%a, %d %b %Y %H:%M:%S %z")))
                                  : input;
        }
        if (name == QLatin1String("escape") || name == QLatin1String("xml_escape") ||
            name == QLatin1String("h"))
            return htmlEscape(text);
        if (name == QLatin1String("escape_once")) {
            static const QRegularExpression entity(
                QStringLiteral("&(?![A-Za-z]+;|#\\d+;|#x[0-9A-Fa-f]+;)"));
            QString out = text;
            out.replace(entity, QStringLiteral("&amp;"));
            return out.replace(QLatin1Char('<'), QLatin1String("&lt;"))
                .replace(QLatin1Char('>'), QLatin1String("&gt;"))
                .replace(QLatin1Char('"'), QLatin1String("&quot;"))
                .replace(QLatin1Char('\''), QLatin1String("&#39;"));
        }
        if (name == QLatin1String("cgi_escape") || name == QLatin1String("url_encode"))
            return QString::fromLatin1(QUrl::toPercentEncoding(text, "*-._"))
                .replace(QLatin1String("%20"), QLatin1String("+"));
        if (name == QLatin1String("uri_escape"))
            return QString::fromLatin1(QUrl::toPercentEncoding(text, "!#$&'()*+,-./:;=?@[]_~"));
        if (name == QLatin1String("upcase"))
            return text.toUpper();
        if (name == QLatin1String("downcase"))
            return text.toLower();
        if (name == QLatin1String("capitalize"))
            return text.isEmpty() ? text : text.left(1).toUpper() + text.mid(1).toLower();
        if (name == QLatin1String("strip"))
            return text.trimmed();
        if (name == QLatin1String("lstrip")) {
            qsizetype i = 0;
            while (i < text.size() && text.at(i).isSpace())
                ++i;
            return text.mid(i);
        }
        if (name == QLatin1String("rstrip")) {
            qsizetype i = text.size();
            while (i > 0 && text.at(i - 1).isSpace())
                --i;
            return text.left(i);
        }
        if (name == QLatin1String("strip_html")) {
            static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
            return QString(text).remove(tags);
        }
        if (name == QLatin1String("strip_newlines"))
            return QString(text).remove(QLatin1Char('\r')).remove(QLatin1Char('\n'));
        if (name == QLatin1String("newline_to_br"))
            return QString(text).replace(QLatin1String("\n"), QLatin1String("<br />\n"));
        if (name == QLatin1String("append"))
            return text + argText(0);
        if (name == QLatin1String("prepend"))
            return argText(0) + text;
        if (name == QLatin1String("remove"))
            return QString(text).remove(argText(0));
        if (name == QLatin1String("remove_first")) {
            QString out = text;
            const qsizetype at = out.indexOf(argText(0));
            return at < 0 ? out : out.remove(at, argText(0).size());
        }
        if (name == QLatin1String("replace"))
            return QString(text).replace(argText(0), argText(1));
        if (name == QLatin1String("replace_first")) {
            QString out = text;
            const qsizetype at = out.indexOf(argText(0));
            return at < 0 ? out : out.replace(at, argText(0).size(), argText(1));
        }
        if (name == QLatin1String("default"))
            return isEmptyValue(input) ? arg(0) : input;
        if (name == QLatin1String("size"))
            return isList(input) ? input.toList().size() : text.size();
        if (name == QLatin1String("first") || name == QLatin1String("last"))
            return property(input, name);
        if (name == QLatin1String("join")) {
            QStringList items;
            for (const QVariant &item : input.toList())
                items.append(toText(item));
            return items.join(args.isEmpty() ? QStringLiteral(" ") : argText(0));
        }
        if (name == QLatin1String("split")) {
            QVariantList items;
            for (const QString &item : text.split(argText(0)))
                items.append(item);
            return items;
        }
        if (name == QLatin1String("slugify"))
            return slugify(text);
        if (name == QLatin1String("number_of_words"))
            return text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)
                .size();
        if (name == QLatin1String("truncate")) {
            const int length = args.isEmpty() ? 50 : arg(0).toInt();
            const QString ellipsis = args.size() > 1 ? argText(1) : QStringLiteral("...");
            if (text.size() <= length)
                return text;
            return text.left(std::max<qsizetype>(0, length - ellipsis.size())) + ellipsis;
        }
        if (name == QLatin1String("truncatewords")) {
            const int count = args.isEmpty() ? 15 : arg(0).toInt();
            const QString ellipsis = args.size() > 1 ? argText(1) : QStringLiteral("...");
            const QStringList words =
                text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
            if (words.size() <= count)
                return text;
            return words.mid(0, std::max(count, 1)).join(QLatin1Char(' ')) + ellipsis;
        }
        if (name == QLatin1String("jsonify"))
            return QString::fromUtf8(QJsonDocument::fromVariant(QVariantList{input})
                                         .toJson(QJsonDocument::Compact))
                .mid(1)
                .chopped(1);
        if (name == QLatin1String("plus") || name == QLatin1String("minus") ||
            name == QLatin1String("times")) {
            const double a = input.toDouble();
            const double b = arg(0).toDouble();
            const double r = name == QLatin1String("plus")    ? a + b
                             : name == QLatin1String("minus") ? a - b
                                                              : a * b;
            const bool integral =
                input.typeId() != QMetaType::Double && arg(0).typeId() != QMetaType::Double;
            return integral ? QVariant(static_cast<qlonglong>(r)) : QVariant(r);
        }
        // Liquid, as Jekyll configures it, passes a value through a filter it does not know.
        return input;
    }

    const QByteArray &m_source;
    const LiquidContext &m_context;
    int m_firstLine;
    QByteArray m_out;
    QList<LiquidIssue> m_issues;
    // The parse: tokens in source order, then each block tag's end and middle tags.
    std::vector<Node> m_tokens;
    std::vector<Role> m_roles;
    std::vector<qsizetype> m_match;
    std::vector<std::vector<qsizetype>> m_middles;
    // Variables: the first scope holds assign and capture, each loop pushes its own.
    std::vector<QVariantMap> m_scopes;
    QVariantList m_loops;                // the forloop objects, innermost last
    QHash<QString, qint64> m_forOffsets; // for offset:continue
    enum class Interrupt
    {
        None,
        Break,
        Continue,
    };
    Interrupt m_interrupt = Interrupt::None;
    int m_loopDepth = 0;
    int m_captureDepth = 0;
    qint64 m_iterations = 0;
    bool m_stopped = false;
    qsizetype m_at = 0; // where the node being rendered starts, for issues
    qint64 m_work = 0;  // see spend()
    std::set<std::pair<int, qsizetype>> m_reported; // issues by kind and offset
    std::vector<qsizetype> m_lineStarts;
};

} // namespace

QString Liquid::strftime(const QDateTime &time, const QString &format)
{
    const QLocale c = QLocale::c();
    const QDate date = time.date();
    const QTime clock = time.time();
    auto pad = [](qint64 value, int width, QChar fill) {
        return QStringLiteral("%1").arg(value, width, 10, fill);
    };
    auto offset = [&](bool colon) {
        const int seconds = time.offsetFromUtc();
        const int minutes = std::abs(seconds) / 60;
        return QString(seconds < 0 ? QLatin1Char('-') : QLatin1Char('+')) +
               pad(minutes / 60, 2, QLatin1Char('0')) + (colon ? QStringLiteral(":") : QString()) +
               pad(minutes % 60, 2, QLatin1Char('0'));
    };
    QString out;
    for (qsizetype i = 0; i < format.size(); ++i) {
        const QChar c0 = format.at(i);
        if (c0 != QLatin1Char('%') || i + 1 >= format.size()) {
            out += c0;
            continue;
        }
        qsizetype j = i + 1;
        bool noPad = false;
        bool upper = false;
        bool colon = false;
        for (; j < format.size(); ++j) {
            const QChar f = format.at(j);
            if (f == QLatin1Char('-'))
                noPad = true;
            else if (f == QLatin1Char('^'))
                upper = true;
            else if (f == QLatin1Char(':'))
                colon = true;
            else
                break;
        }
        if (j >= format.size()) {
            out += format.mid(i);
            break;
        }
        const char spec = format.at(j).toLatin1();
        auto number = [&](qint64 value, int width, QChar fill = QLatin1Char('0')) {
            return noPad ? QString::number(value) : pad(value, width, fill);
        };
        const int hour12 = clock.hour() % 12 == 0 ? 12 : clock.hour() % 12;
        QString piece;
        switch (spec) {
        case 'Y':
            piece = QString::number(date.year());
            break;
        case 'C':
            piece = number(date.year() / 100, 2);
            break;
        case 'y':
            piece = number(date.year() % 100, 2);
            break;
        case 'm':
            piece = number(date.month(), 2);
            break;
        case 'd':
            piece = number(date.day(), 2);
            break;
        case 'e':
            piece = number(date.day(), 2, QLatin1Char(' '));
            break;
        case 'j':
            piece = number(date.dayOfYear(), 3);
            break;
        case 'H':
            piece = number(clock.hour(), 2);
            break;
        case 'k':
            piece = number(clock.hour(), 2, QLatin1Char(' '));
            break;
        case 'I':
            piece = number(hour12, 2);
            break;
        case 'l':
            piece = number(hour12, 2, QLatin1Char(' '));
            break;
        case 'M':
            piece = number(clock.minute(), 2);
            break;
        case 'S':
            piece = number(clock.second(), 2);
            break;
        case 'L':
            piece = number(clock.msec(), 3);
            break;
        case 'N':
            piece = number(clock.msec() * 1000000LL, 9);
            break;
        case 'p':
            piece = clock.hour() < 12 ? QStringLiteral("AM") : QStringLiteral("PM");
            break;
        case 'P':
            piece = clock.hour() < 12 ? QStringLiteral("am") : QStringLiteral("pm");
            break;
        case 'a':
            piece = c.dayName(date.dayOfWeek(), QLocale::ShortFormat);
            break;
        case 'A':
            piece = c.dayName(date.dayOfWeek(), QLocale::LongFormat);
            break;
        case 'b':
        case 'h':
            piece = c.monthName(date.month(), QLocale::ShortFormat);
            break;
        case 'B':
            piece = c.monthName(date.month(), QLocale::LongFormat);
            break;
        case 'u':
            piece = QString::number(date.dayOfWeek());
            break;
        case 'w':
            piece = QString::number(date.dayOfWeek() % 7);
            break;
        case 'z':
            piece = offset(colon);
            break;
        case 'Z':
            piece = time.timeZoneAbbreviation();
            break;
        case 's':
            piece = QString::number(time.toSecsSinceEpoch());
            break;
        case 'F':
            piece = strftime(time, QStringLiteral("%Y-%m-%d"));
            break;
        case 'T':
            piece = strftime(time, QStringLiteral("%H:%M:%S"));
            break;
        case 'R':
            piece = strftime(time, QStringLiteral("%H:%M"));
            break;
        case 'D':
        case 'x':
            piece = strftime(time, QStringLiteral("%m/%d/%y"));
            break;
        case 'X':
            piece = strftime(time, QStringLiteral("%H:%M:%S"));
            break;
        case 'c':
            piece = strftime(time, QStringLiteral("%a %b %e %H:%M:%S %Y"));
            break;
        case '%':
            piece = QStringLiteral("%");
            break;
        default:
            piece = format.mid(i, j - i + 1);
            break;
        }
        out += upper ? piece.toUpper() : piece;
        i = j;
    }
    return out;
}

LiquidResult Liquid::render(const QByteArray &source, const LiquidContext &context, int firstLine)
{
    if (!hasMarkup(source))
        return {source, {}};
    return Renderer(source, context, firstLine).run();
}

QList<LiquidIssue> Liquid::unresolvedPostUrls(const QByteArray &source,
                                              const LiquidContext &context, int firstLine)
{
    QList<LiquidIssue> unresolved;
    for (const LiquidIssue &issue : render(source, context, firstLine).issues) {
        if (issue.kind == LiquidIssue::Kind::UnresolvedPostUrl ||
            issue.kind == LiquidIssue::Kind::UnresolvedLink)
            unresolved.append(issue);
    }
    return unresolved;
}

bool Liquid::hasMarkup(const QByteArray &source)
{
    return source.contains("{{") || source.contains("{%");
}

} // namespace Meetdown
