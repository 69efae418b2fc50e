#include "jekyllrules.h"

#include <QDir>
#include <QFileInfo>

#include <QRegularExpression>

namespace Meetdown {

namespace {

// Runs of what the mode does not keep become one '-', with none left at either end.
QString hyphenate(QString text, const QRegularExpression &dropped)
{
    text.replace(dropped, QStringLiteral("-"));
    if (text.startsWith(QLatin1Char('-')))
        text.remove(0, 1);
    if (text.endsWith(QLatin1Char('-')))
        text.chop(1);
    return text;
}

} // namespace

QString JekyllRules::slugify(const QString &text)
{
    static const QRegularExpression nonWord(QStringLiteral("[^\\p{M}\\p{L}\\p{Nd}]+"));
    return hyphenate(text, nonWord).toLower();
}

QString JekyllRules::slugifyPretty(const QString &text)
{
    static const QRegularExpression nonWord(QStringLiteral("[^\\p{L}\\p{N}\\p{M}._~!$&'()+,;=@]+"));
    return hyphenate(text, nonWord);
}

PostFileName JekyllRules::parsePostFileName(const QString &fileName)
{
    // Document::DATE_FILENAME_MATCHER
    static const QRegularExpression re(
        QStringLiteral("^([0-9]{2,4})-([0-9]{1,2})-([0-9]{1,2})-([^/]*)(\\.[^./]+)$"));
    PostFileName result;
    const auto m = re.match(fileName);
    if (!m.hasMatch())
        return result;
    result.matches = true;
    result.date = QDate(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    // Jekyll reads the name's date with Time.parse, which rolls 2024-02-30 over to March 1st.
    if (!result.date.isValid() && m.captured(1).size() == 4) {
        if (const auto rolled = postDate(
                QStringLiteral("%1-%2-%3").arg(m.captured(1), m.captured(2), m.captured(3)),
                QTimeZone::utc()))
            result.date = rolled->date();
    }
    result.slug = m.captured(4);
    result.extension = m.captured(5);
    return result;
}

QString JekyllRules::postFileName(const QDate &date, const QString &slug)
{
    return date.toString(QStringLiteral("yyyy-MM-dd")) + QLatin1Char('-') + slug +
           QStringLiteral(".md");
}

QString JekyllRules::draftFileName(const QString &slug)
{
    return slug + QStringLiteral(".md");
}

QString JekyllRules::newPostFileName(const QString &folder, const QString &title, const QDate &date,
                                     bool draft)
{
    const QString slug = fileSlug(title);
    if (slug.isEmpty() || (!draft && !date.isValid()))
        return QString();
    const QDir dir(folder);
    for (int n = 1;; ++n) {
        const QString numbered = n == 1 ? slug : QStringLiteral("%1-%2").arg(slug).arg(n);
        const QString name = draft ? draftFileName(numbered) : postFileName(date, numbered);
        if (!QFileInfo::exists(dir.filePath(name)))
            return name;
    }
}

bool JekyllRules::isMarkdownExtension(const QString &extension)
{
    static const QStringList known = {QStringLiteral(".markdown"), QStringLiteral(".mkdown"),
                                      QStringLiteral(".mkdn"), QStringLiteral(".mkd"),
                                      QStringLiteral(".md")};
    return known.contains(extension.toLower());
}

bool JekyllRules::isIgnoredName(const QString &fileName)
{
    return fileName.startsWith(QLatin1Char('.')) || fileName.startsWith(QLatin1Char('_')) ||
           fileName.startsWith(QLatin1Char('#')) || fileName.endsWith(QLatin1Char('~'));
}

QString JekyllRules::formatDate(const QDateTime &dateTime, const QTimeZone &zone)
{
    const QDateTime local = dateTime.toTimeZone(zone);
    const int offset = local.offsetFromUtc();
    const int minutes = std::abs(offset) / 60;
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss ")) +
           (offset < 0 ? QLatin1Char('-') : QLatin1Char('+')) +
           QStringLiteral("%1%2")
               .arg(minutes / 60, 2, 10, QLatin1Char('0'))
               .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QDateTime JekyllRules::inZone(const QDate &date, const QTime &time, const QTimeZone &zone)
{
    QDateTime local(date, time, zone);
    // A wall-clock time skipped by a daylight-saving change does not exist; like Ruby's
    // Time.parse, move it forward by the gap.
    for (int hour = 1; !local.isValid() && hour <= 3; ++hour)
        local = QDateTime(date, time.addSecs(hour * 3600), zone);
    return local;
}

QString JekyllRules::fileSlug(const QString &title)
{
    // File systems cap names at 255 bytes; a long title keeps its first words.
    constexpr int MaxChars = 80;
    QString slug = slugify(title);
    if (slug.size() > MaxChars) {
        slug.truncate(MaxChars);
        const qsizetype dash = slug.lastIndexOf(QLatin1Char('-'));
        if (dash > MaxChars / 2)
            slug.truncate(dash);
    }
    return slug;
}

QString JekyllRules::withoutInertLiquid(const QString &text)
{
    if (!text.contains(QLatin1String("{%")))
        return text;
    QString out = text;
    static const QRegularExpression inert(
        QStringLiteral(R"(\{%-?\s*(raw|comment)\s*-?%\}.*?(\{%-?\s*end\1\s*-?%\}|\z))"),
        QRegularExpression::DotMatchesEverythingOption);
    for (auto it = inert.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        for (qsizetype i = m.capturedStart(); i < m.capturedEnd(); ++i) {
            if (out.at(i) != QLatin1Char('\n'))
                out[i] = QLatin1Char(' ');
        }
    }
    return out;
}

std::optional<QDateTime> JekyllRules::postDate(const QVariant &value, const QTimeZone &zone)
{
    if (value.typeId() == QMetaType::QDateTime)
        return value.toDateTime();
    if (value.typeId() == QMetaType::QDate)
        return inZone(value.toDate(), QTime(0, 0), zone);
    if (value.typeId() != QMetaType::QString)
        return std::nullopt;
    // Utils.parse_date uses Time.parse, which is lenient; these are the forms posts use.
    static const QRegularExpression re(QStringLiteral(
        R"(^\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt ]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?)?\s*(Z|UTC|GMT|[-+][0-9]{2}:?[0-9]{2})?\s*$)"));
    const auto m = re.match(value.toString());
    if (!m.hasMatch())
        return std::nullopt;
    // Time.parse hands the fields to Time.local, which takes any day up to 31 and hour 24 at
    // 00:00 and rolls them over: "2024-02-30" is March 1st, and Jekyll builds it so.
    const int month = m.captured(2).toInt();
    const int day = m.captured(3).toInt();
    const int hour = m.captured(4).toInt();
    const int minute = m.captured(5).toInt();
    const int second = m.captured(6).toInt();
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return std::nullopt;
    const bool nextDay = hour == 24 && minute == 0 && second == 0;
    QDate date = QDate(m.captured(1).toInt(), month, 1).addDays(day - 1 + (nextDay ? 1 : 0));
    const QTime time(nextDay ? 0 : hour, minute, second);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    const QString z = m.captured(7);
    if (z.isEmpty())
        return inZone(date, time, zone);
    if (z == QLatin1String("Z") || z == QLatin1String("UTC") || z == QLatin1String("GMT"))
        return QDateTime(date, time, Qt::UTC);
    QString digits = z;
    digits.remove(QLatin1Char(':'));
    const int sign = digits.startsWith(QLatin1Char('-')) ? -1 : 1;
    const int offset = sign * (digits.mid(1, 2).toInt() * 3600 + digits.mid(3, 2).toInt() * 60);
    return QDateTime(date, time, Qt::OffsetFromUTC, offset);
}

} // namespace Meetdown
