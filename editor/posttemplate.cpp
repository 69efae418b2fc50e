#include "posttemplate.h"

#include "jekyllrules.h"
#include "jekyllyaml.h"
#include "siteschema.h"

#include <resources/resources.h>

#include <algorithm>
#include <cmath>

namespace Meetdown {

namespace {

void fill(QByteArray &text, const char *placeholder, const QString &yaml)
{
    // An empty value leaves a bare `key:`, which Jekyll reads as nil, not a stray space.
    if (yaml.isEmpty())
        text.replace(QByteArray(" ") + placeholder, QByteArray());
    else
        text.replace(placeholder, yaml.toUtf8());
}

QString valueText(const QVariant &value, const QTimeZone &zone, JekyllYaml::Context context)
{
    if (!value.isValid() || value.isNull())
        return QString();
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return QString::number(value.toLongLong());
    case QMetaType::Double: {
        const double d = value.toDouble();
        if (std::isnan(d))
            return QStringLiteral(".nan");
        if (std::isinf(d))
            return d > 0 ? QStringLiteral(".inf") : QStringLiteral("-.inf");
        // Psych's floats need a '.', and a signed exponent, which 'g' gives.
        QString s = QString::number(d, 'g', 17);
        if (!s.contains(QLatin1Char('.'))) {
            const qsizetype e = s.indexOf(QLatin1Char('e'));
            if (e < 0)
                s += QLatin1String(".0");
            else
                s.insert(e, QLatin1String(".0"));
        }
        return s;
    }
    case QMetaType::QDate:
        return value.toDate().toString(QStringLiteral("yyyy-MM-dd"));
    case QMetaType::QDateTime:
        return JekyllRules::formatDate(value.toDateTime(), zone);
    case QMetaType::QVariantList: {
        QStringList items;
        for (const QVariant &item : value.toList()) {
            const QString text = valueText(item, zone, JekyllYaml::Context::Flow);
            items.append(text.isEmpty() ? QStringLiteral("null") : text);
        }
        return QLatin1Char('[') + items.join(QStringLiteral(", ")) + QLatin1Char(']');
    }
    default:
        break;
    }
    if (value.typeId() == qMetaTypeId<YamlMap>()) {
        QStringList items;
        for (const auto &entry : value.value<YamlMap>()) {
            const QString text = valueText(entry.second, zone, JekyllYaml::Context::Flow);
            items.append(JekyllYaml::quoted(entry.first, '"', false, JekyllYaml::Context::Flow) +
                         QStringLiteral(": ") + (text.isEmpty() ? QStringLiteral("null") : text));
        }
        return QLatin1Char('{') + items.join(QStringLiteral(", ")) + QLatin1Char('}');
    }
    return JekyllYaml::quoted(value.toString(), '"', false, context);
}

QString entry(const QString &key, const QString &valueYaml)
{
    const QString k = JekyllYaml::quoted(key);
    return valueYaml.isEmpty() ? k + QLatin1Char(':') : k + QStringLiteral(": ") + valueYaml;
}

bool isListType(const FieldSpec *f)
{
    return f && (f->type == FieldSpec::Type::List || f->type == FieldSpec::Type::Tags ||
                 f->type == FieldSpec::Type::MultiSelect);
}

// The template split at its front matter: the lines between the `---` and the rest after them.
struct Parts
{
    QStringList frontMatter;
    QByteArray body;
};

Parts split(const QByteArray &text)
{
    Parts parts;
    const qsizetype close = text.indexOf("\n---\n", 3);
    if (!text.startsWith("---\n") || close < 0) {
        parts.body = text;
        return parts;
    }
    parts.frontMatter = QString::fromUtf8(text.mid(4, close - 4)).split(QLatin1Char('\n'));
    parts.body = text.mid(close + 5);
    return parts;
}

QByteArray join(const QStringList &frontMatter, const QByteArray &body)
{
    return "---\n" + frontMatter.join(QLatin1Char('\n')).toUtf8() + "\n---\n" + body;
}

// The value of a template line `key: value`, as Jekyll reads it.
QVariant lineValue(const QString &line)
{
    const YamlDocument doc = JekyllYaml::load(line.toUtf8() + '\n');
    const YamlMap map = doc.map();
    return map.isEmpty() ? QVariant() : map.first().second;
}

QString lineKey(const QString &line)
{
    const qsizetype colon = line.indexOf(QLatin1Char(':'));
    return colon > 0 && !line.startsWith(QLatin1Char(' ')) ? line.left(colon) : QString();
}

QByteArray declared(const QString &title, const QString &author, const QDateTime &date,
                    const QTimeZone &zone, const SiteSchema &schema, const QByteArray &body)
{
    QStringList lines;
    // The author named for the post goes where the schema keeps authors.
    const QString authorKey =
        schema.field(QStringLiteral("author")) || !schema.field(QStringLiteral("authors"))
            ? QStringLiteral("author")
            : QStringLiteral("authors");
    if (!schema.field(QStringLiteral("title")))
        lines.append(entry(QStringLiteral("title"), JekyllYaml::quoted(title, '"', true)));
    for (const FieldSpec &f : schema.fields) {
        QString text;
        if (f.key == QLatin1String("title")) {
            text = JekyllYaml::quoted(title, '"', true);
        } else if (f.key == authorKey && !author.isEmpty()) {
            text = isListType(&f)
                       ? valueText(QVariantList{author}, zone, JekyllYaml::Context::Block)
                       : JekyllYaml::quoted(author);
        } else if (f.key == QLatin1String("date") || f.defaultIsNow) {
            text = JekyllRules::formatDate(date, zone);
        } else {
            text = valueText(f.defaultValue, zone, JekyllYaml::Context::Block);
        }
        lines.append(entry(f.key, text));
    }
    return join(lines, body);
}

QByteArray inferred(const QByteArray &seedText, const QTimeZone &zone, const SiteSchema &schema)
{
    Parts parts = split(seedText);
    const QStringList &common = schema.commonKeys;
    static const QList<QPair<QString, QString>> forms = {
        {QStringLiteral("author"), QStringLiteral("authors")},
        {QStringLiteral("category"), QStringLiteral("categories")},
        {QStringLiteral("tag"), QStringLiteral("tags")},
    };
    QStringList present;
    for (QString &line : parts.frontMatter) {
        const QString key = lineKey(line);
        if (key.isEmpty())
            continue;
        for (const auto &form : forms) {
            const QString other = key == form.first    ? form.second
                                  : key == form.second ? form.first
                                                       : QString();
            if (other.isEmpty() || common.contains(key) || !common.contains(other))
                continue;
            // The site's posts say `other`: the template's value moves there, in the shape
            // those posts give it.
            QVariant value = lineValue(line);
            const bool wantsList = isListType(schema.field(other));
            if (wantsList && value.typeId() == QMetaType::QString)
                value = QVariantList{value};
            else if (!wantsList && value.typeId() == QMetaType::QVariantList)
                value = value.toList().isEmpty() ? QVariant() : value.toList().first();
            line = entry(other, valueText(value, zone, JekyllYaml::Context::Block));
            present.append(other);
            break;
        }
        present.append(lineKey(line));
    }
    for (const QString &key : common) {
        if (!present.contains(key))
            parts.frontMatter.append(entry(key, QString()));
    }
    // The seed's optional keys that the site's posts do not use are clutter in its posts (and
    // unknown to its theme); the core ones stay, since Meetdown fills them in.
    if (!common.isEmpty()) {
        static const QStringList optional = {
            QStringLiteral("tags"),  QStringLiteral("categories"), QStringLiteral("description"),
            QStringLiteral("image"), QStringLiteral("featured"),   QStringLiteral("hidden")};
        parts.frontMatter.erase(std::remove_if(parts.frontMatter.begin(), parts.frontMatter.end(),
                                               [&common](const QString &line) {
                                                   const QString key = lineKey(line);
                                                   return optional.contains(key) &&
                                                          !common.contains(key);
                                               }),
                                parts.frontMatter.end());
    }
    return join(parts.frontMatter, parts.body);
}

} // namespace

QByteArray PostTemplate::meetupReport(const QString &title, const QString &author,
                                      const QDateTime &date, const QTimeZone &zone)
{
    QByteArray text = Resources::read(QStringLiteral("templates/meetup-report.md"));
    fill(text, "%TITLE%", JekyllYaml::quoted(title, '"', true));
    fill(text, "%AUTHOR%", author.isEmpty() ? QString() : JekyllYaml::quoted(author));
    fill(text, "%DATE%", JekyllRules::formatDate(date, zone));
    fill(text, "%DESCRIPTION%", QString());
    const QString intro =
        QStringLiteral(
            "A few words about the %1 meetup: where it was, who hosted it and how many came.")
            .arg(date.toTimeZone(zone).toString(QStringLiteral("MMMM yyyy")));
    text.replace("%INTRO%", intro.toUtf8());
    return text;
}

QByteArray PostTemplate::meetupReport(const QString &title, const QString &author,
                                      const QDateTime &date, const QTimeZone &zone,
                                      const SiteSchema &schema)
{
    const QByteArray seedText = meetupReport(title, author, date, zone);
    if (schema.source == SiteSchema::Source::Inferred)
        return inferred(seedText, zone, schema);
    return declared(title, author, date, zone, schema, split(seedText).body);
}

QString PostTemplate::yamlText(const QVariant &value, const QTimeZone &zone)
{
    return valueText(value, zone, JekyllYaml::Context::Block);
}

} // namespace Meetdown
