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

namespace {

// Utils.add_permalink_suffix: what a permalink style adds to a page's or collection's template.
QString withPermalinkSuffix(const QString &tmpl, const QString &style)
{
    if (style == QLatin1String("pretty"))
        return tmpl + QLatin1Char('/');
    if (style == QLatin1String("date") || style == QLatin1String("ordinal") ||
        style == QLatin1String("none"))
        return tmpl + QStringLiteral(":output_ext");
    QString out = tmpl;
    if (style.endsWith(QLatin1Char('/')))
        out += QLatin1Char('/');
    if (style.endsWith(QLatin1String(":output_ext")))
        out += QStringLiteral(":output_ext");
    return out;
}

// Ruby's File.fnmatch without FNM_PATHNAME, as EntryFilter uses it: * and ? match '/' too.
QString fnmatchPattern(const QString &glob)
{
    QString out = QStringLiteral("\\A");
    for (qsizetype i = 0; i < glob.size(); ++i) {
        const QChar c = glob.at(i);
        if (c == QLatin1Char('*'))
            out += QStringLiteral(".*");
        else if (c == QLatin1Char('?'))
            out += QLatin1Char('.');
        else if (c == QLatin1Char('[')) {
            const qsizetype close = glob.indexOf(QLatin1Char(']'), i + 1);
            if (close < 0) {
                out += QStringLiteral("\\[");
                continue;
            }
            QString set = glob.mid(i + 1, close - i - 1);
            if (set.startsWith(QLatin1Char('!')))
                set[0] = QLatin1Char('^');
            out += QLatin1Char('[') + set.replace(QLatin1Char('\\'), QStringLiteral("\\\\")) +
                   QLatin1Char(']');
            i = close;
        } else {
            out += QRegularExpression::escape(QString(c));
        }
    }
    return out + QStringLiteral("\\z");
}

// Jekyll::URL: the template with its :placeholders filled, slashes collapsed, each path segment
// percent-encoded as Jekyll escapes it.
QString filledUrl(const QString &tmpl, const QList<std::pair<QString, QString>> &values)
{
    QString url = tmpl;
    // Longest names first, so :path is not taken for a prefix of another placeholder.
    QList<std::pair<QString, QString>> sorted = values;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
    for (const auto &[key, value] : sorted)
        url.replace(QLatin1Char(':') + key, value);
    while (url.contains(QLatin1String("//")))
        url.replace(QLatin1String("//"), QLatin1String("/"));
    if (!url.startsWith(QLatin1Char('/')))
        url.prepend(QLatin1Char('/'));
    return url;
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
    const QString base = QFileInfo(name).completeBaseName();
    const bool markdown = JekyllRules::isMarkdownExtension(extension);
    const QString outputExtension = markdown ? QStringLiteral(".html") : extension;
    // Page#html?: what it is written as, not what it is written in.
    const bool html = outputExtension.compare(QLatin1String(".html"), Qt::CaseInsensitive) == 0 ||
                      outputExtension.compare(QLatin1String(".xhtml"), Qt::CaseInsensitive) == 0 ||
                      outputExtension.compare(QLatin1String(".htm"), Qt::CaseInsensitive) == 0;
    const Post data = Post::fromBytes(head);
    const QVariant ownPermalink = data.value(QStringLiteral("permalink"));

    // A document of a collection that Jekyll writes out (`output: true`).
    if (segments.first().startsWith(QLatin1Char('_')) && segments.size() > 1) {
        const YamlMap collections = configValue(QStringLiteral("collections")).value<YamlMap>();
        const QVariant metadata = yamlValue(collections, segments.first().mid(1));
        const QVariant output = yamlValue(metadata.value<YamlMap>(), QStringLiteral("output"));
        if (!metadata.isValid() || output.typeId() != QMetaType::Bool || !output.toBool())
            return {};
        for (const QString &segment : segments.mid(1)) {
            if (segment.startsWith(QLatin1Char('_')) || segment.startsWith(QLatin1Char('.')))
                return {};
        }
        QString inside = segments.mid(1).join(QLatin1Char('/'));
        inside.chop(extension.size());
        const QVariant collectionPermalink =
            yamlValue(metadata.value<YamlMap>(), QStringLiteral("permalink"));
        QString tmpl =
            collectionPermalink.typeId() == QMetaType::QString
                ? collectionPermalink.toString()
                : withPermalinkSuffix(QStringLiteral("/:collection/:path"), this->permalink());
        if (ownPermalink.typeId() == QMetaType::QString && !ownPermalink.toString().isEmpty())
            tmpl = ownPermalink.toString();
        return filledUrl(tmpl, {{QStringLiteral("collection"), segments.first().mid(1)},
                                {QStringLiteral("path"), inside},
                                {QStringLiteral("name"), JekyllRules::slugify(base)},
                                {QStringLiteral("title"), JekyllRules::slugify(base)},
                                {QStringLiteral("output_ext"), outputExtension}});
    }
    // Jekyll reads nothing else whose name, or any folder's, starts with _ . or #, or ends in ~,
    // unless `include:` names it, nor what `exclude:` (with Jekyll's own list) names.
    if (!isPublished(rel)) {
        return {};
    }
    const QString folder = segments.mid(0, segments.size() - 1).join(QLatin1Char('/'));
    // A file without front matter is copied as it is.
    if (!frontMatter)
        return folder.isEmpty() ? QLatin1Char('/') + name
                                : QLatin1Char('/') + folder + QLatin1Char('/') + name;
    // A page: its own permalink, else Jekyll's template for pages (Page#template).
    QString tmpl;
    if (ownPermalink.typeId() == QMetaType::QString && !ownPermalink.toString().isEmpty())
        tmpl = ownPermalink.toString();
    else if (!html)
        tmpl = QStringLiteral("/:path/:basename:output_ext");
    else if (base == QLatin1String("index"))
        tmpl = QStringLiteral("/:path/");
    else
        tmpl = withPermalinkSuffix(QStringLiteral("/:path/:basename"), this->permalink());
    return filledUrl(tmpl, {{QStringLiteral("path"), folder},
                            {QStringLiteral("basename"), base},
                            {QStringLiteral("output_ext"), outputExtension}});
}

bool Site::isPublished(const QString &relativePath) const
{
    return publishedFilter()(relativePath);
}

std::function<bool(const QString &)> Site::publishedFilter() const
{
    // EntryFilter#glob_include?: a glob, or a prefix of the path, or the folder itself.
    struct Pattern
    {
        QString text;
        QRegularExpression glob;
    };
    auto patterns = [this](const QString &key, const QStringList &fallback) {
        const QVariant value = configValue(key);
        QStringList texts = value.isValid() ? QStringList() : fallback;
        for (const QVariant &v : value.toList()) {
            if (v.typeId() == QMetaType::QString)
                texts.append(v.toString());
        }
        return texts;
    };
    const QStringList include = patterns(QStringLiteral("include"), {QStringLiteral(".htaccess")});
    QStringList exclude = patterns(QStringLiteral("exclude"), {});
    exclude += {QStringLiteral(".sass-cache"),    QStringLiteral(".jekyll-cache"),
                QStringLiteral("gemfiles"),       QStringLiteral("Gemfile"),
                QStringLiteral("Gemfile.lock"),   QStringLiteral("node_modules"),
                QStringLiteral("vendor/bundle/"), QStringLiteral("vendor/cache/"),
                QStringLiteral("vendor/gems/"),   QStringLiteral("vendor/ruby/")};
    // `site.exclude - site.include`
    for (const QString &pattern : include)
        exclude.removeAll(pattern);
    auto compiled = [](const QStringList &texts) {
        QList<Pattern> out;
        for (const QString &text : texts)
            out.append({text, QRegularExpression(fnmatchPattern(text))});
        return out;
    };
    return [include = compiled(include), exclude = compiled(exclude)](const QString &path) {
        auto matches = [](const QList<Pattern> &list, const QString &entry) {
            for (const Pattern &pattern : list) {
                if (entry.startsWith(pattern.text) || pattern.glob.match(entry).hasMatch())
                    return true;
            }
            return false;
        };
        const QStringList segments = path.split(QLatin1Char('/'));
        for (qsizetype i = 0; i < segments.size(); ++i) {
            const QString &segment = segments.at(i);
            const QString upTo = segments.mid(0, i + 1).join(QLatin1Char('/'));
            const bool special =
                segment.startsWith(QLatin1Char('_')) || segment.startsWith(QLatin1Char('.')) ||
                segment.startsWith(QLatin1Char('#')) || segment.endsWith(QLatin1Char('~'));
            if (special && !matches(include, upTo) && !matches(include, segment))
                return false;
            if (matches(exclude, upTo))
                return false;
        }
        return true;
    };
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
