#include "site.h"

#include "jekyllrules.h"
#include "post.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QUrl>

namespace Meetdown {

QString Site::findRoot(const QString &path)
{
    QFileInfo info(path);
    QDir dir = info.isDir() ? QDir(info.absoluteFilePath()) : info.absoluteDir();
    for (;;) {
        if (QFileInfo::exists(dir.filePath(QStringLiteral("_config.yml"))))
            return dir.absolutePath();
        if (!dir.cdUp())
            return QString();
    }
}

Site Site::load(const QString &root)
{
    Site site;
    site.m_root = QDir(root).absolutePath();
    QFile file(site.configPath());
    if (!file.exists())
        return site; // Jekyll builds a site without one, with its defaults
    if (!file.open(QIODevice::ReadOnly)) {
        site.m_diagnostics.append(
            {Diagnostic::Severity::Error, 0, 0,
             QStringLiteral("cannot read _config.yml: %1").arg(file.errorString())});
        return site;
    }
    const QByteArray bytes = file.read(Post::MaxEditableBytes);
    const YamlDocument doc = JekyllYaml::load(bytes);
    site.m_config = doc.map();
    site.m_diagnostics = doc.diagnostics;
    const QString zone = site.configValue(QStringLiteral("timezone")).toString();
    if (!zone.isEmpty() && !QTimeZone(zone.toUtf8()).isValid()) {
        site.m_diagnostics.append(
            {Diagnostic::Severity::Error, 0, 0, QStringLiteral("unknown timezone '%1'").arg(zone)});
    }
    return site;
}

QString Site::configPath() const
{
    return QDir(m_root).filePath(QStringLiteral("_config.yml"));
}

QVariant Site::configValue(const QString &key) const
{
    return yamlValue(m_config, key);
}

QString Site::baseurl() const
{
    QString b = configValue(QStringLiteral("baseurl")).toString();
    while (b.endsWith(QLatin1Char('/')))
        b.chop(1);
    return b;
}

QString Site::url() const
{
    return configValue(QStringLiteral("url")).toString();
}

QTimeZone Site::timeZone() const
{
    const QString zone = configValue(QStringLiteral("timezone")).toString();
    if (!zone.isEmpty()) {
        QTimeZone tz(zone.toUtf8());
        if (tz.isValid())
            return tz;
    }
    return QTimeZone::systemTimeZone();
}

QString Site::permalink() const
{
    const QString p = configValue(QStringLiteral("permalink")).toString();
    return p.isEmpty() ? QStringLiteral("date") : p;
}

YamlMap Site::defaultsFor(const QString &relativePath, const QString &type) const
{
    struct Match
    {
        int pathDepth;
        bool typed;
        int index;
        YamlMap values;
    };
    QList<Match> matches;
    const QVariantList sets = configValue(QStringLiteral("defaults")).toList();
    for (int i = 0; i < sets.size(); ++i) {
        const YamlMap set = sets.at(i).value<YamlMap>();
        const YamlMap scope = yamlValue(set, QStringLiteral("scope")).value<YamlMap>();
        QString path = yamlValue(scope, QStringLiteral("path")).toString();
        const QString scopeType = yamlValue(scope, QStringLiteral("type")).toString();
        if (!scopeType.isEmpty() && scopeType != type)
            continue;
        while (path.startsWith(QLatin1String("./")) || path.startsWith(QLatin1Char('/')))
            path.remove(0, path.startsWith(QLatin1Char('/')) ? 1 : 2);
        while (path.endsWith(QLatin1Char('/')))
            path.chop(1);
        bool applies = path.isEmpty();
        if (!applies && path.contains(QLatin1Char('*'))) {
            const QRegularExpression glob(QRegularExpression::wildcardToRegularExpression(
                path, QRegularExpression::UnanchoredWildcardConversion));
            applies = glob.match(relativePath).hasMatch();
        } else if (!applies) {
            applies = relativePath == path || relativePath.startsWith(path + QLatin1Char('/'));
        }
        if (applies) {
            matches.append({path.isEmpty() ? 0 : int(path.count(QLatin1Char('/'))) + 1,
                            !scopeType.isEmpty(), i,
                            yamlValue(set, QStringLiteral("values")).value<YamlMap>()});
        }
    }
    std::stable_sort(matches.begin(), matches.end(), [](const Match &a, const Match &b) {
        if (a.pathDepth != b.pathDepth)
            return a.pathDepth < b.pathDepth;
        return a.typed < b.typed;
    });
    YamlMap merged;
    for (const Match &m : matches) {
        for (const auto &pair : m.values) {
            bool replaced = false;
            for (auto &existing : merged) {
                if (existing.first == pair.first) {
                    existing.second = pair.second;
                    replaced = true;
                }
            }
            if (!replaced)
                merged.append(pair);
        }
    }
    return merged;
}

namespace {

QString escapePath(const QString &path)
{
    // Addressable's normalize_component with Jekyll's safe set.
    return QString::fromLatin1(
        QUrl::toPercentEncoding(path, QByteArrayLiteral("!$&'()*+,;=:@/~-._")));
}

QStringList listOf(const QVariant &v, bool splitStrings)
{
    QStringList out;
    if (v.typeId() == QMetaType::QVariantList) {
        for (const QVariant &item : v.toList()) {
            if (item.isValid())
                out.append(item.toString());
        }
    } else if (v.isValid()) {
        const QString s = v.typeId() == QMetaType::QDate || v.typeId() == QMetaType::QDateTime
                              ? JekyllYaml::isoString(v)
                              : v.toString();
        if (splitStrings)
            out.append(s.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts));
        else
            out.append(s);
    }
    return out;
}

} // namespace

QString Site::postUrl(const QString &relativePath, const Post &post) const
{
    const YamlMap defaults = defaultsFor(relativePath, QStringLiteral("posts"));
    auto data = [&](const QString &key) {
        if (post.contains(key))
            return post.value(key);
        return yamlValue(defaults, key);
    };
    const QString fileName = QFileInfo(relativePath).fileName();
    const PostFileName parsed = JekyllRules::parsePostFileName(fileName);
    QString slug = data(QStringLiteral("slug")).toString();
    if (slug.isEmpty())
        slug = parsed.matches ? parsed.slug : QFileInfo(fileName).completeBaseName();

    QDateTime date = QDateTime(parsed.date, QTime(0, 0), timeZone());
    if (const auto d = JekyllRules::postDate(data(QStringLiteral("date")), timeZone()))
        date = *d;
    date = date.toTimeZone(timeZone());

    QStringList categories;
    const QStringList parts = relativePath.split(QLatin1Char('/'));
    const int postsDir = int(parts.indexOf(QStringLiteral("_posts")));
    for (int i = 0; i < postsDir; ++i)
        categories.append(parts.at(i));
    categories += listOf(data(QStringLiteral("categories")), false);
    categories += listOf(data(QStringLiteral("category")), false);
    categories += listOf(data(QStringLiteral("categories")), true);
    QStringList unique;
    for (const QString &c : categories) {
        const QString lower = c.toLower();
        if (!unique.contains(lower))
            unique.append(lower);
    }

    QString pattern = data(QStringLiteral("permalink")).toString();
    if (pattern.isEmpty())
        pattern = permalink();
    static const QHash<QString, QString> styles = {
        {QStringLiteral("date"),
         QStringLiteral("/:categories/:year/:month/:day/:title:output_ext")},
        {QStringLiteral("pretty"), QStringLiteral("/:categories/:year/:month/:day/:title/")},
        {QStringLiteral("ordinal"), QStringLiteral("/:categories/:year/:y_day/:title:output_ext")},
        {QStringLiteral("weekdate"),
         QStringLiteral("/:categories/:year/W:week/:short_day/:title:output_ext")},
        {QStringLiteral("none"), QStringLiteral("/:categories/:title:output_ext")},
    };
    pattern = styles.value(pattern, pattern);

    const QLocale c = QLocale::c();
    const QString ext =
        JekyllRules::isMarkdownExtension(
            parsed.extension.isEmpty() ? QFileInfo(fileName).suffix().prepend(QLatin1Char('.'))
                                       : parsed.extension)
            ? QStringLiteral(".html")
            : parsed.extension;
    const QList<QPair<QString, QString>> placeholders = {
        {QStringLiteral("year"), date.toString(QStringLiteral("yyyy"))},
        {QStringLiteral("month"), date.toString(QStringLiteral("MM"))},
        {QStringLiteral("day"), date.toString(QStringLiteral("dd"))},
        {QStringLiteral("hour"), date.toString(QStringLiteral("HH"))},
        {QStringLiteral("minute"), date.toString(QStringLiteral("mm"))},
        {QStringLiteral("second"), date.toString(QStringLiteral("ss"))},
        {QStringLiteral("i_day"), QString::number(date.date().day())},
        {QStringLiteral("i_month"), QString::number(date.date().month())},
        {QStringLiteral("short_year"), date.toString(QStringLiteral("yy"))},
        {QStringLiteral("y_day"),
         QStringLiteral("%1").arg(date.date().dayOfYear(), 3, 10, QLatin1Char('0'))},
        {QStringLiteral("short_month"), c.toString(date.date(), QStringLiteral("MMM"))},
        {QStringLiteral("long_month"), c.toString(date.date(), QStringLiteral("MMMM"))},
        {QStringLiteral("short_day"), c.toString(date.date(), QStringLiteral("ddd"))},
        {QStringLiteral("long_day"), c.toString(date.date(), QStringLiteral("dddd"))},
        {QStringLiteral("week"),
         QStringLiteral("%1").arg(date.date().weekNumber(), 2, 10, QLatin1Char('0'))},
        {QStringLiteral("title"), JekyllRules::slugifyPretty(slug)},
        {QStringLiteral("slug"), JekyllRules::slugify(slug)},
        {QStringLiteral("name"), JekyllRules::slugify(slug)},
        {QStringLiteral("categories"), unique.join(QLatin1Char('/'))},
        {QStringLiteral("output_ext"), ext},
        {QStringLiteral("collection"), QStringLiteral("posts")},
    };
    // Longest names first, so that :short_year is not taken for :short + "_year".
    QList<QPair<QString, QString>> ordered = placeholders;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
    QString url = pattern;
    for (const auto &p : ordered) {
        const QString token = QLatin1Char(':') + p.first;
        if (p.second.isEmpty())
            url.replace(QLatin1Char('/') + token, QString());
        else
            url.replace(token, escapePath(p.second));
    }
    static const QRegularExpression slashes(QStringLiteral("/{2,}"));
    url.replace(slashes, QStringLiteral("/"));
    if (!url.startsWith(QLatin1Char('/')))
        url.prepend(QLatin1Char('/'));
    return url;
}

QString Site::outputPathForUrl(const QString &url)
{
    QString path = QUrl::fromPercentEncoding(url.toUtf8());
    if (path.endsWith(QLatin1Char('/')))
        path += QStringLiteral("index");
    // Jekyll adds the output extension unless the permalink already ends with it.
    if (!path.endsWith(QLatin1String(".html")))
        path += QStringLiteral(".html");
    return path;
}

namespace {

QStringList markdownFilesUnder(const QString &root, const QString &dirName)
{
    QStringList out;
    const QDir base(root);
    QDirIterator it(base.filePath(dirName), QDir::Files | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        out.append(base.relativeFilePath(it.next()));
    out.sort();
    return out;
}

} // namespace

QStringList Site::postFiles() const
{
    return markdownFilesUnder(m_root, QStringLiteral("_posts"));
}

QStringList Site::draftFiles() const
{
    return markdownFilesUnder(m_root, QStringLiteral("_drafts"));
}

} // namespace Meetdown
