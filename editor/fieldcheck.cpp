#include "fieldcheck.h"

#include "fieldedit.h"
#include "jekyllrules.h"
#include "jekyllyaml.h"
#include "post.h"

#include <QLocale>
#include <QRegularExpression>

#include <cmath>

namespace Meetdown {

namespace {

bool isMap(const QVariant &v)
{
    return v.typeId() == qMetaTypeId<YamlMap>();
}

bool isList(const QVariant &v)
{
    return v.typeId() == QMetaType::QVariantList;
}

// What Ruby's to_s prints for a Float, closely enough to tell `1.10` (1.1) from `1.5`.
QString rubyFloat(double d)
{
    if (std::isnan(d))
        return QStringLiteral("NaN");
    if (std::isinf(d))
        return d > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    QString s = QString::number(d, 'g', QLocale::FloatingPointShortest);
    if (!s.contains(QLatin1Char('.')) && !s.contains(QLatin1Char('e')))
        s += QStringLiteral(".0");
    return s;
}

// How Liquid prints the value in a page, for the scalars that can stand in for text.
QString printed(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::LongLong:
        return QString::number(v.toLongLong());
    case QMetaType::Double:
        return rubyFloat(v.toDouble());
    case QMetaType::QDate:
        return v.toDate().toString(Qt::ISODate);
    case QMetaType::QDateTime:
        return JekyllRules::formatDate(v.toDateTime(), v.toDateTime().timeZone());
    default:
        return v.toString();
    }
}

// "the number 45000", "a list": what Jekyll gets, for messages.
QString described(const QVariant &v)
{
    if (!v.isValid())
        return QStringLiteral("nothing (null)");
    if (isList(v))
        return QStringLiteral("a list");
    if (isMap(v))
        return QStringLiteral("a mapping");
    switch (v.typeId()) {
    case QMetaType::Bool:
        return QStringLiteral("the boolean %1").arg(printed(v));
    case QMetaType::LongLong:
    case QMetaType::Double:
        return QStringLiteral("the number %1").arg(printed(v));
    case QMetaType::QDate:
        return QStringLiteral("the date %1").arg(printed(v));
    case QMetaType::QDateTime:
        return QStringLiteral("the time %1").arg(printed(v));
    default:
        return QStringLiteral("the text “%1”").arg(v.toString());
    }
}

bool mapHasKey(const QVariant &v, const QString &key)
{
    for (const auto &pair : v.value<YamlMap>()) {
        if (pair.first == key)
            return true;
    }
    return false;
}

// The file line of a byte of the front matter.
int fileLine(const Post &post, qsizetype offset)
{
    return post.frontMatterFirstLine() + int(post.frontMatterText().left(offset).count('\n'));
}

// The key whose entry holds a file line, or the nearest one above it.
QString keyAtLine(const Post &post, int line)
{
    QString key;
    for (const YamlEntry &e : post.yaml().entries) {
        if (fileLine(post, e.lineStart) <= line)
            key = e.key;
    }
    return key;
}

// `title: Foo #1`: the text after " #" on the key's line is a comment, not part of the value.
QString droppedComment(const Post &post, const YamlEntry &e)
{
    if (e.quote || e.flowList || e.blockList || e.valueStart < 0 || e.valueEnd < 0)
        return QString();
    const QByteArray inner = post.frontMatterText();
    const qsizetype nl = inner.indexOf('\n', e.valueStart);
    const qsizetype lineEnd = nl < 0 ? inner.size() : nl;
    if (e.end > lineEnd + 1 || e.valueEnd >= lineEnd)
        return QString();
    const QByteArray rest = inner.mid(e.valueEnd, lineEnd - e.valueEnd).trimmed();
    return rest.startsWith('#') ? QString::fromUtf8(rest) : QString();
}

} // namespace

QStringList FieldCheck::booleanKeys()
{
    return {QStringLiteral("featured"), QStringLiteral("hidden"), QStringLiteral("published"),
            QStringLiteral("comments")};
}

QStringList FieldCheck::textKeys()
{
    return {QStringLiteral("layout"), QStringLiteral("title"), QStringLiteral("author"),
            QStringLiteral("description"), QStringLiteral("image")};
}

QStringList FieldCheck::listKeys()
{
    return {QStringLiteral("tags"), QStringLiteral("categories")};
}

QList<FieldIssue> FieldCheck::forKey(const QList<FieldIssue> &issues, const QString &key)
{
    QList<FieldIssue> out;
    for (const FieldIssue &issue : issues) {
        if (issue.key == key)
            out.append(issue);
    }
    return out;
}

QList<FieldIssue> FieldCheck::check(const Post &post, const QTimeZone &zone)
{
    QList<FieldIssue> out;
    const auto warning = Diagnostic::Severity::Warning;
    const auto error = Diagnostic::Severity::Error;

    if (!post.frontMatterLoaded()) {
        for (const Diagnostic &d : post.diagnostics())
            out.append({QString(), d.severity, d.message, d.line});
        return out;
    }
    for (const Diagnostic &d : post.diagnostics())
        out.append({keyAtLine(post, d.line), d.severity, d.message, d.line});

    for (const auto &[key, value] : post.values()) {
        const YamlEntry *entry = post.yaml().lastEntry(key);
        const int line = post.keyLine(key);
        auto add = [&, k = key](Diagnostic::Severity severity, const QString &message) {
            out.append({k, severity, message, line});
        };
        const QString raw = FieldEdit::valueYamlText(post, key);
        const bool plain = entry && !entry->quote;

        if (entry && value.typeId() == QMetaType::QString) {
            const QString comment = droppedComment(post, *entry);
            if (!comment.isEmpty()) {
                add(warning, QStringLiteral("Jekyll reads only “%1”: YAML takes “%2” for a "
                                            "comment and drops it. Put the whole text in quotes "
                                            "to keep it.")
                                 .arg(value.toString(), comment));
            }
        }

        if (booleanKeys().contains(key)) {
            if (value.typeId() == QMetaType::QString) {
                static const QRegularExpression falsy(
                    QStringLiteral("^\\s*(false|no|off|n|0|nil|null|~)?\\s*$"),
                    QRegularExpression::CaseInsensitiveOption);
                if (falsy.match(value.toString()).hasMatch()) {
                    add(warning, QStringLiteral("This is the text “%1”, not the boolean false, and "
                                                "Jekyll counts any text as true. Write %2: false "
                                                "without quotes.")
                                     .arg(value.toString(), key));
                } else {
                    add(warning, QStringLiteral("This is text, not a boolean; Jekyll counts any "
                                                "text as true. Write true or false without "
                                                "quotes."));
                }
            } else if (value.isValid() && value.typeId() != QMetaType::Bool) {
                add(warning, QStringLiteral("Jekyll reads %1 here, which counts as true (only "
                                            "false and an empty value are false). Write true or "
                                            "false.")
                                 .arg(described(value)));
            }
        }

        if (textKeys().contains(key) && value.isValid() && value.typeId() != QMetaType::QString) {
            if (key == QLatin1String("image")) {
                // jekyll-seo-tag and many themes take `image: {path: ..., alt: ...}`.
                if (!(isMap(value) && mapHasKey(value, QStringLiteral("path")))) {
                    add(warning, QStringLiteral("Themes expect a path or URL for image, but "
                                                "Jekyll reads %1 here. Write the path as text.")
                                     .arg(described(value)));
                }
            } else if (key == QLatin1String("layout")) {
                add(warning, QStringLiteral("Jekyll finds layouts by name, and it reads %1 here, "
                                            "so it finds none. Put the name in quotes.")
                                 .arg(described(value)));
            } else if (isList(value) || isMap(value)) {
                add(warning, QStringLiteral("Jekyll reads %1 here, where themes expect text.")
                                 .arg(described(value)));
            } else if (!plain || printed(value) != raw || value.typeId() == QMetaType::Bool) {
                add(warning, QStringLiteral("Jekyll reads %1, not the text “%2”. Put it in "
                                            "quotes to keep the text.")
                                 .arg(described(value), raw));
            }
        }

        if (listKeys().contains(key) && value.isValid()) {
            const QString singular =
                key == QLatin1String("tags") ? QStringLiteral("tag") : QStringLiteral("category");
            // Jekyll takes `tag:` over `tags:`, but adds `category:` to `categories:`.
            if (key == QLatin1String("tags") && post.value(singular).isValid()) {
                add(warning, QStringLiteral("Jekyll ignores %1 because the post also has %2:, "
                                            "which it reads first.")
                                 .arg(key, singular));
            }
            if (value.typeId() == QMetaType::QString) {
                const QString text = value.toString();
                if (text.contains(QLatin1Char(','))) {
                    static const QRegularExpression space(QStringLiteral("\\s+"));
                    const QStringList words = text.split(space, Qt::SkipEmptyParts);
                    add(warning, QStringLiteral("Jekyll splits text at spaces, not commas, so it "
                                                "reads %1: %2. Write a list such as [a, b].")
                                     .arg(key, QChar(0x201C) + words.join(QStringLiteral("”, “")) +
                                                   QChar(0x201D)));
                }
            } else if (isList(value)) {
                for (const QVariant &item : value.toList()) {
                    if (isList(item) || isMap(item)) {
                        add(warning, QStringLiteral("An item of %1 is %2; Jekyll turns it into "
                                                    "odd text. Each item should be a word.")
                                         .arg(key, described(item)));
                        break;
                    }
                }
            } else {
                add(warning, QStringLiteral("Jekyll ignores %1 given as %2: it takes a list, or "
                                            "words separated by spaces. Write %3.")
                                 .arg(key, described(value),
                                      isMap(value) ? QStringLiteral("a list such as [a, b]")
                                                   : QLatin1Char('[') + raw + QLatin1Char(']')));
            }
        }

        if (key == QLatin1String("date") && !JekyllRules::postDate(value, zone)) {
            if (!value.isValid()) {
                add(error, QStringLiteral("An empty date stops the build: Jekyll cannot read it. "
                                          "Pick a date here, or remove the line to use the file "
                                          "name's date."));
            } else {
                const QString what = isList(value) || isMap(value)
                                         ? described(value)
                                         : QChar(0x201C) + raw + QChar(0x201D);
                add(error, QStringLiteral("Jekyll cannot read %1 as a date and stops the build. "
                                          "Pick a date here, or write it as YYYY-MM-DD HH:MM:SS "
                                          "+ZZZZ.")
                               .arg(what));
            }
        }
    }
    return out;
}

} // namespace Meetdown
