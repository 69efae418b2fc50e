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

QString Site::linkUrl(const QString &relativePath) const
{
    if (!isValid())
        return {};
    QString rel = relativePath.trimmed();
    // Jekyll compares the path with each file's relative_path, which only static files write
    // with a leading slash: "/slides/a.pdf" is found, "/about.md" is not.
    const bool leadingSlash = rel.startsWith(QLatin1Char('/'));
    if (leadingSlash)
        rel.remove(0, 1);
    if (rel.isEmpty() || rel.contains(QLatin1Char('\\')))
        return {};
    const QStringList segments = rel.split(QLatin1Char('/'));
    for (const QString &segment : segments) {
        if (segment.isEmpty() || segment == QLatin1String(".") || segment == QLatin1String(".."))
            return {};
    }
    const QString root = QFileInfo(m_root).canonicalFilePath();
    const QString file = QFileInfo(QDir(m_root).filePath(rel)).canonicalFilePath();
    if (root.isEmpty() || file.isEmpty() || !file.startsWith(root + QLatin1Char('/')) ||
        !QFileInfo(file).isFile())
        return {};
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray head = f.read(Post::MaxEditableBytes);
    const QString name = segments.last();
    const QString suffix = QFileInfo(name).suffix();
    const QString extension = suffix.isEmpty() ? QString() : QLatin1Char('.') + suffix;

    // A post: in a _posts folder, named YYYY-MM-DD-slug.
    const qsizetype posts = segments.indexOf(QStringLiteral("_posts"));
    const bool frontMatter = head.startsWith("---\n") || head.startsWith("---\r\n");
    if (leadingSlash && (posts >= 0 || frontMatter))
        return {};
    if (posts >= 0) {
        const PostFileName parsed = JekyllRules::parsePostFileName(name);
        if (!parsed.matches || !parsed.date.isValid() || JekyllRules::isIgnoredName(name))
            return {};
        for (qsizetype i = 0; i < posts; ++i) {
            if (segments.at(i).startsWith(QLatin1Char('_')) ||
                segments.at(i).startsWith(QLatin1Char('.')))
                return {};
        }
        return postUrl(rel, Post::fromBytes(head));
    }
    // Jekyll reads nothing else whose name, or any folder's, starts with _ . or #, or ends in ~.
    for (const QString &segment : segments) {
        if (segment.startsWith(QLatin1Char('_')) || segment.startsWith(QLatin1Char('.')) ||
            segment.startsWith(QLatin1Char('#')) || segment.endsWith(QLatin1Char('~')))
            return {};
    }
    const QString folder = segments.mid(0, segments.size() - 1).join(QLatin1Char('/'));
    const QString dir =
        folder.isEmpty() ? QStringLiteral("/") : QLatin1Char('/') + folder + QLatin1Char('/');
    // A file without front matter is copied as it is.
    if (!frontMatter)
        return dir + name;
    // A page: its own permalink, else Jekyll's template for pages in the site's permalink style.
    const Post page = Post::fromBytes(head);
    const QVariant permalink = page.value(QStringLiteral("permalink"));
    if (permalink.typeId() == QMetaType::QString &&
        !permalink.toString().contains(QLatin1Char(':')))
        return permalink.toString().startsWith(QLatin1Char('/'))
                   ? permalink.toString()
                   : QLatin1Char('/') + permalink.toString();
    const bool markdown = JekyllRules::isMarkdownExtension(extension);
    const bool html = markdown ||
                      extension.compare(QLatin1String(".html"), Qt::CaseInsensitive) == 0 ||
                      extension.compare(QLatin1String(".htm"), Qt::CaseInsensitive) == 0;
    const QString base = QFileInfo(name).completeBaseName();
    const QString outputExtension = markdown ? QStringLiteral(".html") : extension;
    if (!html)
        return dir + base + outputExtension;
    if (base == QLatin1String("index"))
        return dir;
    const QString style = this->permalink();
    const bool pretty = style == QLatin1String("pretty") ||
                        (style != QLatin1String("date") && style != QLatin1String("ordinal") &&
                         style != QLatin1String("none") && style != QLatin1String("weekdate") &&
                         style.endsWith(QLatin1Char('/')));
    return dir + base + (pretty ? QStringLiteral("/") : outputExtension);
}

QStringList Site::postFiles() const
{
    return markdownFilesUnder(m_root, QStringLiteral("_posts"));
}

QStringList Site::draftFiles() const
{
    return markdownFilesUnder(m_root, QStringLiteral("_drafts"));
}

} // namespace Meetdown
