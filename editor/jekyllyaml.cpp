#include "jekyllyaml.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QRegularExpression>
#include <QTimeZone>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <cmath>

namespace Meetdown {

namespace {

// Psych's ScalarScanner patterns (psych 4, Debian 12's Ruby 3.1). Ruby's \d and \s are ASCII here.
const QRegularExpression &stringLike()
{
    static const QRegularExpression re(
        QStringLiteral(R"(^[^0-9.:\-]?[\p{L}\p{M}_ \t\r\n\f\v!@#$%\^&*(){}<>|/\\~;=]+)"));
    return re;
}

QRegularExpression anchored(const char *pattern, QRegularExpression::PatternOptions options = {})
{
    return QRegularExpression(QStringLiteral("\\A(?:%1)\\z").arg(QLatin1String(pattern)), options);
}

bool matches(const QRegularExpression &re, const QString &s)
{
    return re.match(s).hasMatch();
}

QVariant parseTime(const QString &s)
{
    static const QRegularExpression re(QStringLiteral(
        R"(^(-?[0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t\r\n\f\v]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|[-+][0-9]{1,2}:?(?:[0-9]{2})?))?$)"));
    const auto m = re.match(s);
    if (!m.hasMatch())
        return s;
    const int year = m.captured(1).toInt();
    const int month = m.captured(2).toInt();
    const int day = m.captured(3).toInt();
    const int hour = m.captured(4).toInt();
    const int minute = m.captured(5).toInt();
    const int second = m.captured(6).toInt();
    // Ruby's Time.utc raises on these (a string then); it rolls a day past the month's end over.
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60)
        return s;
    const QString fraction = (m.captured(7) + QStringLiteral("000")).left(3);
    const int msec = fraction.toInt();
    QDate date(year, month, 1);
    date = date.addDays(day - 1);
    QDateTime utc(date, QTime(0, 0), Qt::UTC);
    utc = utc.addSecs(hour * 3600 + minute * 60 + second).addMSecs(msec);
    const QString zone = m.captured(8);
    if (zone == QLatin1String("Z"))
        return utc;
    if (zone.isEmpty()) {
        // Psych: Time.at(utc seconds): the wall-clock digits are read as UTC, shown local.
        return utc.toLocalTime();
    }
    static const QRegularExpression zoneRe(QStringLiteral(R"(^([-+]?[0-9]{1,2}):?([0-9]{1,2})?$)"));
    const auto z = zoneRe.match(zone);
    if (!z.hasMatch())
        return s;
    const int hours = z.captured(1).toInt();
    const int minutes = z.captured(2).toInt();
    int offset = hours * 3600;
    offset += (offset < 0 || zone.startsWith(QLatin1Char('-'))) ? -minutes * 60 : minutes * 60;
    // The digits are wall-clock time at that offset.
    QDateTime local = utc;
    local.setOffsetFromUtc(offset);
    return local;
}

QVariant parseInteger(QString s)
{
    s.remove(QLatin1Char(',')).remove(QLatin1Char('_'));
    bool negative = false;
    if (s.startsWith(QLatin1Char('-')) || s.startsWith(QLatin1Char('+'))) {
        negative = s.startsWith(QLatin1Char('-'));
        s.remove(0, 1);
    }
    int base = 10;
    if (s.startsWith(QLatin1String("0b"))) {
        base = 2;
        s.remove(0, 2);
    } else if (s.startsWith(QLatin1String("0x"))) {
        base = 16;
        s.remove(0, 2);
    } else if (s.size() > 1 && s.startsWith(QLatin1Char('0'))) {
        base = 8;
        s.remove(0, 1);
    }
    bool ok = false;
    const qlonglong v = s.toLongLong(&ok, base);
    if (ok)
        return negative ? -v : v;
    // Ruby would make a Bignum; a double keeps the magnitude.
    double d = 0;
    for (const QChar c : s)
        d = d * base + QString(c).toInt(nullptr, 16);
    return negative ? -d : d;
}

QVariant sexagesimal(const QString &s, bool fractional)
{
    const QStringList parts = s.split(QLatin1Char(':'));
    double total = 0;
    for (int e = 0; e < parts.size(); ++e) {
        QString n = parts.at(e);
        n.remove(QLatin1Char('_'));
        // Psych weighs part e by 60 ** (e - 2).abs, so "12:30" is 12*3600 + 30*60. Jekyll
        // sees that number, so we do too.
        const double weight = std::pow(60.0, std::abs(e - 2));
        const double value = fractional ? n.toDouble() : double(n.toLongLong());
        total += value * weight;
    }
    if (fractional)
        return total;
    return qlonglong(total);
}

} // namespace

std::optional<QVariant> JekyllYaml::resolvePlainScalar(const QString &s)
{
    if (s.isEmpty())
        return QVariant();
    if (matches(stringLike(), s) || s.contains(QLatin1Char('\n'))) {
        if (s.size() > 5)
            return QVariant(s);
        static const QRegularExpression notSpecial =
            anchored("[^ytonf~].*", QRegularExpression::CaseInsensitiveOption |
                                        QRegularExpression::DotMatchesEverythingOption);
        static const QRegularExpression null =
            anchored("null", QRegularExpression::CaseInsensitiveOption);
        static const QRegularExpression yes =
            anchored("yes|true|on", QRegularExpression::CaseInsensitiveOption);
        static const QRegularExpression no =
            anchored("no|false|off", QRegularExpression::CaseInsensitiveOption);
        if (matches(notSpecial, s))
            return QVariant(s);
        if (s == QLatin1String("~") || matches(null, s))
            return QVariant();
        if (matches(yes, s))
            return QVariant(true);
        if (matches(no, s))
            return QVariant(false);
        return QVariant(s);
    }
    static const QRegularExpression time = anchored(
        R"(-?[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t\r\n\f\v]+)[0-9]{1,2}:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t\r\n\f\v]*(?:Z|[-+][0-9]{1,2}:?(?:[0-9][0-9])?))?)");
    if (matches(time, s))
        return parseTime(s);
    static const QRegularExpression date =
        anchored(R"([0-9]{4}-(?:1[012]|0[0-9]|[0-9])-(?:[12][0-9]|3[01]|0[0-9]|[0-9]))");
    if (matches(date, s)) {
        const QStringList p = s.split(QLatin1Char('-'));
        const QDate d(p.at(0).toInt(), p.at(1).toInt(), p.at(2).toInt());
        return d.isValid() ? QVariant(d) : QVariant(s);
    }
    static const QRegularExpression inf =
        anchored(R"(\+?\.inf)", QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression negInf =
        anchored(R"(-\.inf)", QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression nan =
        anchored(R"(\.nan)", QRegularExpression::CaseInsensitiveOption);
    if (matches(inf, s))
        return QVariant(qInf());
    if (matches(negInf, s))
        return QVariant(-qInf());
    if (matches(nan, s))
        return QVariant(qQNaN());
    if (s.size() >= 2 && s.at(0) == QLatin1Char(':'))
        return std::nullopt; // a Ruby Symbol: Psych.safe_load refuses the whole document
    static const QRegularExpression sexInt = anchored(R"([-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2})");
    if (matches(sexInt, s))
        return sexagesimal(s, false);
    static const QRegularExpression sexFloat =
        anchored(R"([-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}\.[0-9_]*)");
    if (matches(sexFloat, s))
        return sexagesimal(s, true);
    static const QRegularExpression floatRe =
        anchored(R"([-+]?(?:[0-9][0-9_,]*)?\.[0-9]*(?:[eE][-+][0-9]+)?)");
    if (matches(floatRe, s)) {
        static const QRegularExpression dotOnly = anchored(R"([-+]?\.)");
        if (matches(dotOnly, s))
            return QVariant(s);
        QString t = s;
        t.remove(QLatin1Char(',')).remove(QLatin1Char('_'));
        static const QRegularExpression bareDot(QStringLiteral(R"(\.([Ee]|$))"));
        t.replace(bareDot, QStringLiteral("\\1"));
        bool ok = false;
        const double d = t.toDouble(&ok);
        return ok ? QVariant(d) : QVariant(s);
    }
    static const QRegularExpression intRe = anchored(
        R"([-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)");
    if (matches(intRe, s))
        return parseInteger(s);
    return QVariant(s);
}

namespace {

constexpr int MaxDepth = 500;
// Aliases share nodes in yaml-cpp but expand in a value tree; a "billion laughs" document
// would otherwise take minutes and gigabytes.
constexpr qsizetype MaxValues = 20000;

struct Loader
{
    Diagnostics diagnostics;
    const QByteArray &text;
    bool refused = false;
    qsizetype values = 0;

    void error(const YAML::Mark &mark, const QString &message)
    {
        refused = true;
        Diagnostic d;
        d.severity = Diagnostic::Severity::Error;
        d.line = mark.line >= 0 ? mark.line + 1 : 0;
        d.column = mark.column >= 0 ? columnInChars(mark) : 0;
        d.message = message;
        diagnostics.append(d);
    }

    // yaml-cpp counts bytes; people count characters.
    int columnInChars(const YAML::Mark &mark) const
    {
        if (mark.pos < 0 || mark.pos > text.size())
            return mark.column + 1;
        qsizetype start = mark.pos;
        while (start > 0 && text.at(start - 1) != '\n')
            --start;
        int chars = 0;
        for (qsizetype i = start; i < mark.pos; ++i) {
            if ((uchar(text.at(i)) & 0xC0) != 0x80)
                ++chars;
        }
        return chars + 1;
    }

    static QString keyString(const QVariant &v)
    {
        if (!v.isValid())
            return QString();
        if (v.typeId() == QMetaType::QDate || v.typeId() == QMetaType::QDateTime)
            return JekyllYaml::isoString(v);
        if (v.typeId() == QMetaType::Bool)
            return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        return v.toString();
    }

    // yaml-cpp accepts a quoted scalar that runs to the end of the text; Psych does not.
    bool quoteIsClosed(const YAML::Mark &mark) const
    {
        if (mark.pos < 0 || mark.pos >= text.size())
            return true;
        const char quote = text.at(mark.pos);
        if (quote != '"' && quote != '\'')
            return true;
        for (qsizetype i = mark.pos + 1; i < text.size(); ++i) {
            const char c = text.at(i);
            if (quote == '"' && c == '\\') {
                ++i;
            } else if (c == quote) {
                if (quote == '\'' && i + 1 < text.size() && text.at(i + 1) == '\'') {
                    ++i;
                    continue;
                }
                return true;
            }
        }
        return false;
    }

    QVariant scalar(const YAML::Node &node)
    {
        const std::string &tag = node.Tag();
        const QString value = QString::fromStdString(node.Scalar());
        if (tag == "!" && !quoteIsClosed(node.Mark())) {
            error(node.Mark(), QStringLiteral("this quoted text is never closed"));
            return QVariant();
        }
        if (tag == "!" || tag == "tag:yaml.org,2002:str" || tag == "!str")
            return value;
        if (tag == "tag:yaml.org,2002:int" || tag == "!int") {
            const auto v = JekyllYaml::resolvePlainScalar(value);
            if (v && (v->typeId() == QMetaType::LongLong || v->typeId() == QMetaType::Double))
                return *v;
            error(node.Mark(),
                  QStringLiteral("'%1' is tagged !!int but is not a number").arg(value));
            return QVariant();
        }
        if (tag == "tag:yaml.org,2002:float" || tag == "!float") {
            bool ok = false;
            const double d = value.toDouble(&ok);
            if (!ok)
                error(node.Mark(),
                      QStringLiteral("'%1' is tagged !!float but is not a number").arg(value));
            return d;
        }
        const auto v = JekyllYaml::resolvePlainScalar(value);
        if (!v) {
            error(node.Mark(), QStringLiteral("Jekyll refuses to load %1: YAML reads it as a Ruby "
                                              "symbol; put it in quotes")
                                   .arg(value));
            return QVariant();
        }
        return *v;
    }

    QVariant convert(const YAML::Node &node, int depth)
    {
        if (++values > MaxValues) {
            if (values == MaxValues + 1)
                error(node.Mark(), QStringLiteral("the front matter expands to more than %1 values "
                                                  "(through YAML aliases)")
                                       .arg(MaxValues));
            return QVariant();
        }
        if (depth > MaxDepth) {
            error(node.Mark(), QStringLiteral("nesting is deeper than %1 levels").arg(MaxDepth));
            return QVariant();
        }
        // Psych.safe_load only builds plain data, Date and Time: Ruby objects and sets are refused.
        const std::string &tag = node.Tag();
        if (tag.rfind("!ruby/", 0) == 0 || tag == "tag:yaml.org,2002:set" || tag == "!set" ||
            tag.rfind("tag:ruby.yaml.org", 0) == 0) {
            error(node.Mark(), QStringLiteral("Jekyll refuses the tag %1; remove it")
                                   .arg(QString::fromStdString(tag)));
            return QVariant();
        }
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            // A quoted '' or "" is an empty string, not null; yaml-cpp only keeps that in the tag.
            if (node.Tag() == "!")
                return quoteIsClosed(node.Mark()) ? QVariant(QString()) : scalar(node);
            return QVariant();
        case YAML::NodeType::Scalar:
            return scalar(node);
        case YAML::NodeType::Sequence: {
            QVariantList list;
            list.reserve(qsizetype(node.size()));
            for (const auto &item : node) {
                list.append(convert(item, depth + 1));
                if (values > MaxValues)
                    break;
            }
            return list;
        }
        case YAML::NodeType::Map:
            return QVariant::fromValue(mapping(node, depth, nullptr));
        }
        return QVariant();
    }

    static void assign(YamlMap &map, const QString &key, const QVariant &value)
    {
        for (auto &pair : map) {
            if (pair.first == key) {
                pair.second = value;
                return;
            }
        }
        map.append({key, value});
    }

    YamlMap mapping(const YAML::Node &node, int depth, QList<YamlEntry> *entries)
    {
        YamlMap map;
        QHash<QString, int> seenLine;
        for (auto it = node.begin(); it != node.end(); ++it) {
            const YAML::Node keyNode = it->first; // a copy: it->first lives in a temporary proxy
            const YAML::Node valueNode = it->second;
            const QVariant value = convert(valueNode, depth + 1);
            if (values > MaxValues)
                break;
            // Psych merges `<<: *alias` into the mapping at that point.
            if (keyNode.IsScalar() && keyNode.Tag() == "?" && keyNode.Scalar() == "<<" &&
                value.canConvert<YamlMap>() && valueNode.IsMap()) {
                for (const auto &pair : value.value<YamlMap>())
                    assign(map, pair.first, pair.second);
                continue;
            }
            if (!keyNode.IsScalar() && !keyNode.IsNull()) {
                error(keyNode.Mark(),
                      QStringLiteral("a key must be a plain value, not a list or a mapping"));
                continue;
            }
            const QString key = keyString(convert(keyNode, depth + 1));
            const int line = keyNode.Mark().line + 1;
            if (seenLine.contains(key)) {
                Diagnostic d;
                d.line = line;
                d.column = columnInChars(keyNode.Mark());
                d.message = QStringLiteral("duplicate key '%1' (first on line %2); Jekyll uses "
                                           "this last one")
                                .arg(key)
                                .arg(seenLine.value(key));
                diagnostics.append(d);
            } else {
                seenLine.insert(key, line);
            }
            assign(map, key, value);
            if (entries) {
                YamlEntry entry;
                entry.key = key;
                entry.line = keyNode.Mark().line;
                entry.lineStart = keyNode.Mark().pos;
                entry.valueStart = valueNode.Mark().pos;
                entry.blockList =
                    valueNode.IsSequence() && valueNode.Style() == YAML::EmitterStyle::Block;
                entry.flowList =
                    valueNode.IsSequence() && valueNode.Style() == YAML::EmitterStyle::Flow;
                entries->append(entry);
            }
        }
        return map;
    }
};

bool isBlankOrComment(const QByteArray &text, qsizetype from, qsizetype to,
                      bool allowIndentedComment)
{
    qsizetype i = from;
    while (i < to && (text.at(i) == ' ' || text.at(i) == '\t'))
        ++i;
    if (i >= to || text.at(i) == '\n' || text.at(i) == '\r')
        return true;
    return text.at(i) == '#' && (allowIndentedComment || i == from);
}

// Where a one-line value ends, so that a trailing comment survives an edit of the value.
qsizetype valueEndOnLine(const QByteArray &text, qsizetype start, qsizetype lineEnd)
{
    if (start >= lineEnd)
        return -1;
    const char first = text.at(start);
    qsizetype i = start;
    if (first == '"' || first == '\'') {
        for (i = start + 1; i < lineEnd; ++i) {
            const char c = text.at(i);
            if (first == '"' && c == '\\') {
                ++i;
            } else if (c == first) {
                if (first == '\'' && i + 1 < lineEnd && text.at(i + 1) == '\'') {
                    ++i;
                    continue;
                }
                return i + 1;
            }
        }
        return -1; // continues on the next line
    }
    if (first == '[' || first == '{') {
        int depth = 0;
        char quote = 0;
        for (i = start; i < lineEnd; ++i) {
            const char c = text.at(i);
            if (quote) {
                if (c == '\\' && quote == '"')
                    ++i;
                else if (c == quote)
                    quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[' || c == '{') {
                ++depth;
            } else if (c == ']' || c == '}') {
                if (--depth == 0)
                    return i + 1;
            }
        }
        return -1;
    }
    if (first == '|' || first == '>')
        return -1;
    qsizetype end = lineEnd;
    for (i = start; i < lineEnd; ++i) {
        if (text.at(i) == '#' && i > start && (text.at(i - 1) == ' ' || text.at(i - 1) == '\t')) {
            end = i;
            break;
        }
    }
    while (end > start &&
           (text.at(end - 1) == ' ' || text.at(end - 1) == '\t' || text.at(end - 1) == '\r'))
        --end;
    return end;
}

void locateEntries(const QByteArray &text, QList<YamlEntry> &entries)
{
    auto lineEndAt = [&](qsizetype pos) {
        const qsizetype nl = text.indexOf('\n', pos);
        return nl < 0 ? text.size() : nl;
    };
    for (int i = 0; i < entries.size(); ++i) {
        YamlEntry &e = entries[i];
        const qsizetype keyPos = e.lineStart;
        qsizetype lineStart = keyPos;
        while (lineStart > 0 && text.at(lineStart - 1) != '\n')
            --lineStart;
        e.lineStart = lineStart;
        const qsizetype lineEnd = lineEndAt(keyPos);
        // The key ends at the first ':' followed by a space or the end of the line, outside quotes.
        qsizetype colon = -1;
        char quote = 0;
        for (qsizetype p = keyPos; p < lineEnd; ++p) {
            const char c = text.at(p);
            if (quote) {
                if (c == '\\' && quote == '"')
                    ++p;
                else if (c == quote)
                    quote = 0;
                continue;
            }
            if ((c == '"' || c == '\'') && p == keyPos) {
                quote = c;
                continue;
            }
            if (c == ':' && (p + 1 >= lineEnd || text.at(p + 1) == ' ' || text.at(p + 1) == '\t' ||
                             text.at(p + 1) == '\r')) {
                colon = p;
                break;
            }
        }
        e.afterColon = colon >= 0 ? colon + 1 : lineEnd;
        e.hasColon = colon >= 0;
        if (e.valueStart < e.afterColon || e.valueStart >= lineEnd)
            e.valueStart = -1;
        if (e.valueStart >= 0) {
            e.valueEnd = valueEndOnLine(text, e.valueStart, lineEnd);
            const char first = text.at(e.valueStart);
            if (first == '"' || first == '\'')
                e.quote = first;
        }
        // The entry runs to the next key, less the blank lines and comments that precede it.
        const qsizetype limit = i + 1 < entries.size() ? entries.at(i + 1).lineStart : text.size();
        qsizetype searchLimit = limit;
        if (i + 1 < entries.size()) {
            qsizetype nextLineStart = entries.at(i + 1).lineStart;
            while (nextLineStart > 0 && text.at(nextLineStart - 1) != '\n')
                --nextLineStart;
            searchLimit = nextLineStart;
        }
        qsizetype end = lineEnd < text.size() ? lineEnd + 1 : text.size();
        qsizetype cursor = end;
        while (cursor < searchLimit) {
            const qsizetype le = lineEndAt(cursor);
            const qsizetype next = le < text.size() ? le + 1 : text.size();
            if (!isBlankOrComment(text, cursor, le, true))
                end = next;
            cursor = next;
        }
        e.end = end;
    }
}

} // namespace

QVariant yamlValue(const YamlMap &map, const QString &key)
{
    for (const auto &pair : map) {
        if (pair.first == key)
            return pair.second;
    }
    return QVariant();
}

YamlMap YamlDocument::map() const
{
    return root.value<YamlMap>();
}

const YamlEntry *YamlDocument::lastEntry(const QString &key) const
{
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        if (it->key == key)
            return &*it;
    }
    return nullptr;
}

YamlDocument JekyllYaml::load(const QByteArray &utf8)
{
    YamlDocument doc;
    Loader loader{{}, utf8};
    try {
        const YAML::Node root = YAML::Load(utf8.toStdString());
        if (!root.IsDefined() || root.IsNull()) {
            doc.root = QVariant::fromValue(YamlMap());
            doc.loaded = true;
        } else if (root.IsMap()) {
            doc.root = QVariant::fromValue(loader.mapping(root, 0, &doc.entries));
            locateEntries(utf8, doc.entries);
            doc.loaded = true;
            // yaml-cpp takes a lone word after a mapping as a key; Psych stops with an error.
            for (const YamlEntry &e : doc.entries) {
                if (e.hasColon || utf8.mid(e.lineStart).trimmed().startsWith('?'))
                    continue;
                Diagnostic d;
                d.line = e.line + 1;
                d.column = 1;
                d.message = QStringLiteral("could not find the ':' after '%1'").arg(e.key);
                doc.diagnostics.append(d);
                doc.refused = true;
            }
        } else {
            loader.error(
                root.Mark(),
                root.IsSequence()
                    ? QStringLiteral("front matter must be keys with values, not a list")
                    : QStringLiteral("front matter must be keys with values, not a single value"));
        }
    } catch (const YAML::DeepRecursion &e) {
        loader.error(e.mark, QStringLiteral("nesting is too deep"));
    } catch (const YAML::Exception &e) {
        loader.error(e.mark, QString::fromStdString(e.msg));
    } catch (const std::exception &e) {
        loader.error(YAML::Mark::null_mark(), QString::fromLocal8Bit(e.what()));
    }
    doc.diagnostics = loader.diagnostics;
    doc.refused = loader.refused;
    return doc;
}

QString JekyllYaml::quoted(const QString &value, char preferredQuote, bool alwaysQuote,
                           Context context)
{
    bool plain = !alwaysQuote && !value.isEmpty() && value.trimmed() == value;
    if (plain && context == Context::Flow) {
        for (const QChar c : value) {
            if (c == QLatin1Char(',') || c == QLatin1Char('[') || c == QLatin1Char(']') ||
                c == QLatin1Char('{') || c == QLatin1Char('}'))
                plain = false;
        }
    }
    if (plain) {
        static const QString indicators = QStringLiteral("-?:,[]{}#&*!|>'\"%@`");
        plain = !indicators.contains(value.at(0)) && !value.contains(QLatin1String(": ")) &&
                !value.contains(QLatin1String(" #")) && !value.endsWith(QLatin1Char(':')) &&
                !value.contains(QLatin1Char('\t'));
    }
    bool hasControl = false;
    for (const QChar c : value) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7F || c.unicode() == 0x85 ||
            c.unicode() == 0x2028 || c.unicode() == 0x2029 || c.unicode() == 0xFEFF) {
            hasControl = true;
        }
    }
    if (plain && !hasControl) {
        const auto resolved = resolvePlainScalar(value);
        if (resolved && resolved->typeId() == QMetaType::QString && resolved->toString() == value)
            return value;
    }
    if (preferredQuote == '\'' && !hasControl) {
        QString out = value;
        out.replace(QLatin1Char('\''), QLatin1String("''"));
        return QLatin1Char('\'') + out + QLatin1Char('\'');
    }
    QString out;
    out.reserve(value.size() + 2);
    out += QLatin1Char('"');
    for (const QChar c : value) {
        switch (c.unicode()) {
        case '"':
            out += QLatin1String("\\\"");
            break;
        case '\\':
            out += QLatin1String("\\\\");
            break;
        case '\n':
            out += QLatin1String("\\n");
            break;
        case '\t':
            out += QLatin1String("\\t");
            break;
        case '\r':
            out += QLatin1String("\\r");
            break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7F || c.unicode() == 0x85 ||
                c.unicode() == 0x2028 || c.unicode() == 0x2029 || c.unicode() == 0xFEFF) {
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            } else {
                out += c;
            }
        }
    }
    out += QLatin1Char('"');
    return out;
}

QString JekyllYaml::isoString(const QVariant &v)
{
    if (v.typeId() == QMetaType::QDate)
        return v.toDate().toString(Qt::ISODate);
    const QDateTime t = v.toDateTime();
    QString s = t.toString(t.time().msec() ? QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")
                                           : QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
    if (t.timeSpec() == Qt::UTC)
        return s + QLatin1Char('Z');
    const int offset = t.offsetFromUtc();
    const int a = std::abs(offset) / 60;
    return s + QStringLiteral("%1%2:%3")
                   .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                   .arg(a / 60, 2, 10, QLatin1Char('0'))
                   .arg(a % 60, 2, 10, QLatin1Char('0'));
}

namespace {

QJsonValue toJsonValue(const QVariant &v)
{
    if (!v.isValid())
        return QJsonValue::Null;
    if (v.canConvert<YamlMap>() && v.typeId() == qMetaTypeId<YamlMap>()) {
        QJsonObject o;
        for (const auto &pair : v.value<YamlMap>())
            o.insert(pair.first, toJsonValue(pair.second));
        return o;
    }
    switch (v.typeId()) {
    case QMetaType::Bool:
        return v.toBool();
    case QMetaType::LongLong:
        return v.toLongLong();
    case QMetaType::Double: {
        const double d = v.toDouble();
        if (std::isnan(d))
            return QStringLiteral("NaN");
        if (std::isinf(d))
            return d > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
        return d;
    }
    case QMetaType::QDate:
    case QMetaType::QDateTime:
        return JekyllYaml::isoString(v);
    case QMetaType::QVariantList: {
        QJsonArray a;
        for (const auto &item : v.toList())
            a.append(toJsonValue(item));
        return a;
    }
    default:
        return v.toString();
    }
}

// QJsonObject sorts keys; a post's keys are shown in the order the file has them.
void writeJson(QByteArray &out, const QVariant &v, int indent, bool indented)
{
    const QByteArray pad = indented ? QByteArray(indent * 2, ' ') : QByteArray();
    const QByteArray innerPad = indented ? QByteArray((indent + 1) * 2, ' ') : QByteArray();
    const char *nl = indented ? "\n" : "";
    if (v.typeId() == qMetaTypeId<YamlMap>()) {
        const YamlMap map = v.value<YamlMap>();
        if (map.isEmpty()) {
            out += "{}";
            return;
        }
        out += '{';
        out += nl;
        for (int i = 0; i < map.size(); ++i) {
            out += innerPad;
            QJsonArray key{map.at(i).first};
            QByteArray keyJson = QJsonDocument(key).toJson(QJsonDocument::Compact);
            out += keyJson.mid(1, keyJson.size() - 2);
            out += indented ? ": " : ":";
            writeJson(out, map.at(i).second, indent + 1, indented);
            if (i + 1 < map.size())
                out += ',';
            out += nl;
        }
        out += pad;
        out += '}';
        return;
    }
    if (v.typeId() == QMetaType::QVariantList) {
        const QVariantList list = v.toList();
        if (list.isEmpty()) {
            out += "[]";
            return;
        }
        out += '[';
        out += nl;
        for (int i = 0; i < list.size(); ++i) {
            out += innerPad;
            writeJson(out, list.at(i), indent + 1, indented);
            if (i + 1 < list.size())
                out += ',';
            out += nl;
        }
        out += pad;
        out += ']';
        return;
    }
    const QByteArray json =
        QJsonDocument(QJsonArray{toJsonValue(v)}).toJson(QJsonDocument::Compact);
    out += json.mid(1, json.size() - 2);
}

} // namespace

QByteArray JekyllYaml::toJson(const QVariant &value, bool indented)
{
    QByteArray out;
    writeJson(out, value, 0, indented);
    return out;
}

} // namespace Meetdown
