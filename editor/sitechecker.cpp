#include "sitechecker.h"

#include "fileio.h"
#include "jekyllrules.h"
#include "post.h"
#include "postchecker.h"
#include "site.h"
#include "siteschema.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QUrl>

#include <QSet>

#include <algorithm>
#include <optional>

namespace Meetdown {

namespace {

const auto Error = Diagnostic::Severity::Error;
const auto Warning = Diagnostic::Severity::Warning;

// --- Finding the pictures -------------------------------------------------------------------

// Blanks out what is never shown as a picture, keeping every offset and line break: HTML
// comments, fenced code (``` and ~~~, and Liquid's {% highlight %}) and code spans.
QString masked(const QString &text, bool markdown)
{
    QString out = text;
    auto blank = [&out](qsizetype from, qsizetype to) {
        for (qsizetype i = from; i < to && i < out.size(); ++i) {
            if (out.at(i) != QLatin1Char('\n'))
                out[i] = QLatin1Char(' ');
        }
    };
    if (markdown) {
        static const QRegularExpression open(QStringLiteral(R"(^ {0,3}(`{3,}|~{3,})([^\n]*)$)"),
                                             QRegularExpression::MultilineOption);
        qsizetype from = 0;
        for (;;) {
            const auto m = open.match(out, from);
            if (!m.hasMatch())
                break;
            const QString fence = m.captured(1);
            // A backtick fence's info string may not hold backticks: that line is a code span.
            if (fence.at(0) == QLatin1Char('`') && m.captured(2).contains(QLatin1Char('`'))) {
                from = m.capturedEnd();
                continue;
            }
            const QRegularExpression close(QStringLiteral(R"(^ {0,3}%1%2*[ \t]*\r?$)")
                                               .arg(QRegularExpression::escape(fence),
                                                    QRegularExpression::escape(fence.left(1))),
                                           QRegularExpression::MultilineOption);
            const auto c = close.match(out, m.capturedEnd());
            const qsizetype end = c.hasMatch() ? c.capturedEnd() : out.size();
            blank(m.capturedStart(), end);
            from = end;
        }
    }
    static const QRegularExpression highlight(
        QStringLiteral(R"(\{%-?\s*highlight\b.*?\{%-?\s*endhighlight\s*-?%\})"),
        QRegularExpression::DotMatchesEverythingOption);
    for (auto it = highlight.globalMatch(out); it.hasNext();) {
        const auto m = it.next();
        blank(m.capturedStart(), m.capturedEnd());
    }
    for (qsizetype i = 0; i < out.size();) {
        if (QStringView(out).mid(i, 4) == QLatin1String("<!--")) {
            const qsizetype end = out.indexOf(QLatin1String("-->"), i + 4);
            const qsizetype stop = end < 0 ? out.size() : end + 3;
            blank(i, stop);
            i = stop;
            continue;
        }
        if (markdown && out.at(i) == QLatin1Char('`')) {
            qsizetype run = i;
            while (run < out.size() && out.at(run) == QLatin1Char('`'))
                ++run;
            const qsizetype length = run - i;
            // The span ends at the next run of exactly as many backticks.
            qsizetype search = run;
            qsizetype closing = -1;
            while ((search = out.indexOf(QLatin1Char('`'), search)) >= 0) {
                qsizetype end = search;
                while (end < out.size() && out.at(end) == QLatin1Char('`'))
                    ++end;
                if (end - search == length) {
                    closing = end;
                    break;
                }
                search = end;
            }
            if (closing < 0) {
                i = run;
                continue;
            }
            blank(i, closing);
            i = closing;
            continue;
        }
        ++i;
    }
    return out;
}

// CommonMark's label matching: case-insensitive, runs of white space as one space.
QString normalizedLabel(const QString &label)
{
    return label.simplified().toCaseFolded();
}

// --- Where links lead -----------------------------------------------------------------------

QString fileUrlFolder(const QString &postPath, const Post &post, const Site &site)
{
    const QString absolute = QFileInfo(postPath).absoluteFilePath();
    const QString rel = QDir(site.root()).relativeFilePath(absolute);
    if (rel.startsWith(QLatin1String("../")))
        return QString();
    const QStringList parts = rel.split(QLatin1Char('/'));
    QString url;
    if (parts.contains(QStringLiteral("_posts"))) {
        url = site.postUrl(rel, post);
    } else if (parts.size() >= 2 && parts.at(parts.size() - 2) == QLatin1String("_drafts")) {
        // Where the draft will be once published: Jekyll dates a draft by its front matter, else
        // by today.
        const QTimeZone zone = site.timeZone();
        const auto date = JekyllRules::postDate(post.value(QStringLiteral("date")), zone);
        const QDate day = date ? date->toTimeZone(zone).date()
                               : QDateTime::currentDateTime().toTimeZone(zone).date();
        const QFileInfo info(rel);
        url = site.postUrl(QStringLiteral("_posts/%1-%2")
                               .arg(day.toString(QStringLiteral("yyyy-MM-dd")), info.fileName()),
                           post);
    } else {
        // A page: its URL follows its path.
        url = QLatin1Char('/') + rel;
    }
    return url.left(url.lastIndexOf(QLatin1Char('/')) + 1);
}

// A URL path resolved the way a browser does: dot segments removed, never above the root.
QString resolveUrlPath(const QString &folder, const QString &link)
{
    const QString joined = link.startsWith(QLatin1Char('/')) ? link : folder + link;
    QStringList out;
    const QStringList parts = joined.split(QLatin1Char('/'));
    for (int i = 0; i < parts.size(); ++i) {
        const QString &part = parts.at(i);
        if (part == QLatin1String(".."))
            out.isEmpty() ? void() : out.removeLast();
        else if (part != QLatin1String(".") && !part.isEmpty())
            out.append(part);
    }
    return QLatin1Char('/') + out.join(QLatin1Char('/'));
}

bool hasValue(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return false;
    if (value.typeId() == QMetaType::QString)
        return !value.toString().trimmed().isEmpty();
    if (value.typeId() == QMetaType::QVariantList)
        return !value.toList().isEmpty();
    if (value.typeId() == qMetaTypeId<YamlMap>())
        return !value.value<YamlMap>().isEmpty();
    return true;
}

QString siteRelative(const Site &site, const QString &path)
{
    if (!site.isValid())
        return path;
    const QString rel = QDir(site.root()).relativeFilePath(path);
    return rel.startsWith(QLatin1String("../")) ? path : rel;
}

// --- {% post_url %} -------------------------------------------------------------------------

struct PostIndex
{
    QStringList posts; // relative paths of the files in _posts that Jekyll reads as posts
};

PostIndex indexOf(const Site &site)
{
    PostIndex index;
    for (const QString &rel : site.postFiles()) {
        const QString name = QFileInfo(rel).fileName();
        const PostFileName parsed = JekyllRules::parsePostFileName(name);
        if (parsed.matches && parsed.date.isValid() && !JekyllRules::isIgnoredName(name))
            index.posts.append(rel);
    }
    return index;
}

struct DateSlug
{
    int year = 0, month = 0, day = 0;
    QString slug;
};

// Jekyll's PostComparer::MATCHER: ^(.+/)*(\d+-\d+-\d+)-(.*)$
std::optional<QStringList> splitPostName(const QString &name)
{
    static const QRegularExpression matcher(QStringLiteral(R"(^((?:.+/)*)(\d+-\d+-\d+)-(.*)$)"),
                                            QRegularExpression::DotMatchesEverythingOption);
    QString text = name;
    if (text.startsWith(QLatin1Char('/')))
        text.remove(0, 1);
    const auto m = matcher.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    return QStringList{m.captured(1), m.captured(2), m.captured(3)};
}

QList<int> dateParts(const QString &date)
{
    QList<int> out;
    for (const QString &part : date.split(QLatin1Char('-')))
        out.append(part.toInt());
    return out;
}

struct TagUse
{
    QString argument; // trimmed
    int line;         // 1-based, in the file
    int column;
};

// Every {% name argument %} Liquid runs in the body (none inside raw or comment), at its file
// position.
QList<TagUse> tagUses(const QString &body, int firstLine, const QString &name)
{
    QList<TagUse> out;
    if (!body.contains(name))
        return out;
    const QString text = JekyllRules::withoutInertLiquid(body);
    const QRegularExpression tag(QStringLiteral(R"(\{%-?\s*)") + QRegularExpression::escape(name) +
                                     QStringLiteral(R"(\s+(.*?)\s*-?%\})"),
                                 QRegularExpression::DotMatchesEverythingOption);
    for (auto it = tag.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const qsizetype at = m.capturedStart();
        const int line = firstLine + int(text.left(at).count(QLatin1Char('\n')));
        const int column = int(at - (text.lastIndexOf(QLatin1Char('\n'), at - 1) + 1)) + 1;
        out.append({m.captured(1).trimmed(), line, column});
    }
    return out;
}

// Jekyll's link tag names a file by its path in the site; a path it cannot find stops the build.
Diagnostics checkLinks(const QString &body, int firstLine, const Site &site)
{
    Diagnostics out;
    for (const TagUse &use : tagUses(body, firstLine, QStringLiteral("link"))) {
        // A path built from Liquid variables is only known to Jekyll.
        if (use.argument.contains(QLatin1String("{{")) || !site.linkUrl(use.argument).isEmpty())
            continue;
        out.append({Error, use.line, use.column,
                    QStringLiteral("{% link %1 %}: the site has no such file that Jekyll "
                                   "publishes (the path starts at the site's folder, like "
                                   "_posts/2024-05-01-report.md); Jekyll stops the build on it")
                        .arg(use.argument)});
    }
    return out;
}

Diagnostics checkPostUrls(const QString &body, int firstLine, const PostIndex &index)
{
    Diagnostics out;
    for (const TagUse &use : tagUses(body, firstLine, QStringLiteral("post_url"))) {
        const QString &name = use.argument;
        const int line = use.line;
        const int column = use.column;
        const auto parts = splitPostName(name);
        if (!parts) {
            out.append({Error, line, column,
                        QStringLiteral("{% post_url %1 %} names no post (it needs the form "
                                       "YYYY-MM-DD-title); Jekyll stops the build on it")
                            .arg(name)});
            continue;
        }
        const QString &folder = parts->at(0), &date = parts->at(1), &slug = parts->at(2);
        // PostComparer: "_posts/<folder><date>-<slug>.<ext>" or
        // "<folder>_posts/<date>-<slug>.<ext>".
        const QString base = date + QLatin1Char('-') + slug + QLatin1Char('.');
        bool found = false;
        for (const QString &rel : index.posts) {
            for (const QString &prefix : {QStringLiteral("_posts/") + folder + base,
                                          folder + QStringLiteral("_posts/") + base}) {
                if (rel.startsWith(prefix) && !rel.mid(prefix.size()).contains(QLatin1Char('.')) &&
                    !rel.mid(prefix.size()).contains(QLatin1Char('/')) &&
                    rel.size() > prefix.size())
                    found = true;
            }
        }
        if (found)
            continue;
        // Jekyll's older rule still finds a post with the same date and slug, with a deprecation.
        const QList<int> wanted = dateParts(date);
        QString byOldRule;
        for (const QString &rel : index.posts) {
            const PostFileName parsed = JekyllRules::parsePostFileName(QFileInfo(rel).fileName());
            if (parsed.slug == slug && wanted.size() == 3 && parsed.date.year() == wanted.at(0) &&
                parsed.date.month() == wanted.at(1) && parsed.date.day() == wanted.at(2))
                byOldRule = rel;
        }
        if (!byOldRule.isEmpty()) {
            QString exact = byOldRule.mid(QStringLiteral("_posts/").size());
            exact.truncate(exact.lastIndexOf(QLatin1Char('.')));
            out.append(
                {Warning, line, column,
                 QStringLiteral("{% post_url %1 %} finds %2 only by Jekyll's deprecated rule; "
                                "write {% post_url %3 %}")
                     .arg(name, byOldRule, exact)});
            continue;
        }
        out.append({Error, line, column,
                    QStringLiteral("{% post_url %1 %}: there is no such post in _posts; Jekyll "
                                   "stops the build on it")
                        .arg(name)});
    }
    return out;
}

// --- One post -------------------------------------------------------------------------------

struct Position
{
    int line;
    int column;
};

// Where each line of a text starts, so that a post with thousands of pictures is not read
// again from the top for each one.
class LineIndex final
{
public:
    LineIndex(const QString &text, int firstLine) : m_firstLine(firstLine)
    {
        m_starts.append(0);
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text.at(i) == QLatin1Char('\n'))
                m_starts.append(i + 1);
        }
    }
    Position at(qsizetype offset) const
    {
        const auto after = std::upper_bound(m_starts.cbegin(), m_starts.cend(), offset);
        const qsizetype index = (after - m_starts.cbegin()) - 1;
        return {m_firstLine + int(index), int(offset - m_starts.at(index)) + 1};
    }

private:
    QList<qsizetype> m_starts;
    int m_firstLine;
};

// What is wrong with a picture's link: missing file, unpublished folder, baseurl left out.
void checkImage(Diagnostics &out, const QString &link, int line, int column,
                const QString &postPath, const Post &post, const Site &site, bool frontMatter)
{
    const ImageLocation where = SiteChecker::locateImage(link, postPath, post, site, frontMatter);
    if (where.kind != ImageLocation::Kind::Local)
        return;
    const QFileInfo file(where.path);
    if (!file.isFile()) {
        if (!where.besidePost.isEmpty() && QFileInfo(where.besidePost).isFile()) {
            out.append({Warning, line, column,
                        QStringLiteral("the image '%1' is next to the post, but the published page "
                                       "looks for it at %2, and Jekyll does not publish files from "
                                       "_posts; link it from the site root")
                            .arg(link, QLatin1Char('/') + siteRelative(site, where.path))});
        } else {
            out.append({Warning, line, column,
                        QStringLiteral("the image '%1' does not exist (no file %2)")
                            .arg(link, siteRelative(site, where.path))});
        }
        return;
    }
    if (!where.unpublished.isEmpty()) {
        out.append({Warning, line, column,
                    QStringLiteral("the image '%1' is in %2").arg(link, where.unpublished)});
    }
    if (where.missesBaseurl) {
        out.append({Warning, line, column,
                    QStringLiteral("the link '%1' leaves out the site's baseurl '%2', so the "
                                   "published page looks for it outside the site; write "
                                   "{{ site.baseurl }}%1")
                        .arg(link, site.baseurl())});
    }
}

// title, unless the schema says `required: false`, then the schema's required fields.
QStringList requiredOf(const SiteSchema &schema)
{
    QStringList fields = {QStringLiteral("title")};
    for (const QString &key : schema.requiredKeys()) {
        fields.removeAll(key);
        fields.append(key);
    }
    for (const QString &key : schema.optional)
        fields.removeAll(key);
    return fields;
}

// The front matter as Jekyll hands it to the layout: the site's defaults, then the post's own keys.
YamlMap withDefaults(const YamlMap &defaults, const YamlMap &values)
{
    YamlMap out = defaults;
    for (const auto &entry : values) {
        auto it = std::find_if(out.begin(), out.end(),
                               [&entry](const auto &e) { return e.first == entry.first; });
        if (it != out.end())
            it->second = entry.second;
        else
            out.append(entry);
    }
    return out;
}

QString schemaOrigin(const SiteSchema &schema)
{
    return schema.source == SiteSchema::Source::Prose
               ? QStringLiteral("_config.yml: prose: metadata: _posts:")
               : QStringLiteral("_config.yml: meetdown: fields:");
}

Diagnostics siteChecks(const QString &path, const Post &post, const Site &site,
                       const SiteSchema &schema, const PostIndex *index)
{
    Diagnostics out;
    if (!post.isEditable() || !post.frontMatterLoaded())
        return out;
    const QFileInfo info(path);
    const QStringList dirs =
        QDir::fromNativeSeparators(info.absolutePath()).split(QLatin1Char('/'));
    if (dirs.contains(QStringLiteral("_posts"))) {
        const PostFileName name = JekyllRules::parsePostFileName(info.fileName());
        // Jekyll skips the file (PostChecker says so): nothing else about it matters.
        if (!name.matches || !name.date.isValid() || JekyllRules::isIgnoredName(info.fileName()))
            return out;
    }
    const QString rel =
        site.isValid() ? QDir(site.root()).relativeFilePath(info.absoluteFilePath()) : QString();
    const YamlMap defaults =
        site.isValid() ? site.defaultsFor(rel, QStringLiteral("posts")) : YamlMap();

    // A field the site declares required fails the check; the default title only warns, since
    // Jekyll makes a title from the file name and the post is published all the same.
    const QStringList declared = schema.requiredKeys();
    for (const QString &key : requiredOf(schema)) {
        if (hasValue(post.value(key)) || hasValue(yamlValue(defaults, key)))
            continue;
        const bool byConfig = declared.contains(key);
        const QString why =
            byConfig ? QStringLiteral("_config.yml makes it required under %1")
                           .arg(schemaOrigin(schema).mid(QStringLiteral("_config.yml: ").size()))
                     : QStringLiteral("Jekyll makes one up from the file name");
        const QString what = post.contains(key) ? QStringLiteral("'%1' is empty (%2)")
                                                : QStringLiteral("'%1' is missing (%2)");
        // A missing key belongs to the whole front matter, which starts on line 1; editors and CI
        // annotations that expect file:line:col then still place it.
        out.append({byConfig ? Error : Warning, post.contains(key) ? post.keyLine(key) : 1, 1,
                    what.arg(key, why)});
    }
    // The rest of what the site's schema says. An inferred schema is Meetdown's guess at the
    // site's habits, which is no rule a post can break.
    if (schema.source != SiteSchema::Source::Inferred) {
        for (const SiteSchema::Issue &issue :
             schema.validate(withDefaults(defaults, post.values()))) {
            if (issue.message == QLatin1String("required"))
                continue; // reported above, with the site's defaults taken into account
            if (const FieldSpec *spec = schema.field(issue.key); spec && spec->inferred)
                continue; // a field the site did not declare, as above
            const bool inPost = post.contains(issue.key);
            out.append({issue.error ? Error : Warning, inPost ? post.keyLine(issue.key) : 1, 1,
                        QStringLiteral("'%1': %2 (%3%4)")
                            .arg(issue.key, issue.message, schemaOrigin(schema),
                                 inPost ? QString()
                                        : QStringLiteral("; the value comes from defaults:"))});
        }
    }

    const QString body = post.body();
    const int first = post.bodyFirstLine();
    const bool markdown = JekyllRules::isMarkdownExtension(QLatin1Char('.') + info.suffix());
    QSet<qsizetype> definitionsSeen;
    const LineIndex lines(body, first);
    for (const ImageReference &ref : SiteChecker::imageReferences(body, markdown)) {
        if (!ref.hasAlt) {
            const Position at = lines.at(ref.start);
            out.append(
                {Warning, at.line, at.column,
                 ref.form == ImageReference::Form::Html
                     ? QStringLiteral("<img> without an alt attribute: people who cannot see "
                                      "the picture are told nothing (alt=\"\" marks it as "
                                      "decoration)")
                     : QStringLiteral("image without alt text: people who cannot see the "
                                      "picture are told nothing; say what it shows in ![...]")});
        }
        if (ref.form == ImageReference::Form::Reference) {
            if (definitionsSeen.contains(ref.linkStart))
                continue;
            definitionsSeen.insert(ref.linkStart);
        }
        const Position at = lines.at(ref.linkStart);
        checkImage(out, ref.link, at.line, at.column, path, post, site, false);
    }
    QVariant image = post.value(QStringLiteral("image"));
    if (image.typeId() == qMetaTypeId<YamlMap>())
        image = yamlValue(image.value<YamlMap>(), QStringLiteral("path"));
    if (image.typeId() == QMetaType::QString && !image.toString().trimmed().isEmpty()) {
        checkImage(out, image.toString().trimmed(), post.keyLine(QStringLiteral("image")), 1, path,
                   post, site, true);
    }

    const QVariant liquid = post.value(QStringLiteral("render_with_liquid"));
    const bool rendersLiquid = !(liquid.typeId() == QMetaType::Bool && !liquid.toBool());
    if (index && rendersLiquid)
        out += checkPostUrls(body, first, *index);
    if (site.isValid() && rendersLiquid)
        out += checkLinks(body, first, site);
    return out;
}

// Jekyll publishes posts dated in the future when the site says `future: true`.
QDateTime effectiveNow(const Site &site, const QDateTime &now)
{
    const QVariant future = site.configValue(QStringLiteral("future"));
    if (future.typeId() == QMetaType::Bool && future.toBool())
        return QDateTime(QDate(9999, 12, 31), QTime(23, 59), QTimeZone::utc());
    return now;
}

void sortByLine(Diagnostics &diagnostics)
{
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic &a, const Diagnostic &b) {
                         if (a.line != b.line)
                             return a.line < b.line;
                         return a.column < b.column;
                     });
}

} // namespace

// --- Public ---------------------------------------------------------------------------------

QStringList SiteChecker::requiredFields(const Site &site)
{
    return requiredOf(SiteSchema::load(site));
}

Diagnostics SiteChecker::configDiagnostics(const Site &site)
{
    return SiteSchema::load(site).diagnostics;
}

Diagnostics SiteChecker::checkPost(const QString &path, const Post &post, const Site &site,
                                   const QDateTime &now)
{
    Diagnostics out = PostChecker::check(path, post, site, effectiveNow(site, now));
    const PostIndex index = site.isValid() ? indexOf(site) : PostIndex();
    const SiteSchema schema = site.isValid() ? SiteSchema::load(site) : SiteSchema::seed();
    out += siteChecks(path, post, site, schema, site.isValid() ? &index : nullptr);
    sortByLine(out);
    return out;
}

QList<FileFindings> SiteChecker::check(const Site &site, const QDateTime &now)
{
    QList<FileFindings> out;
    const SiteSchema schema = SiteSchema::load(site);
    const Diagnostics config = site.configDiagnostics() + schema.diagnostics;
    if (!config.isEmpty())
        out.append({QStringLiteral("_config.yml"), config});
    const PostIndex index = indexOf(site);
    const QDateTime effective = effectiveNow(site, now);
    const QTimeZone zone = site.timeZone();
    struct Published
    {
        QString rel;
        QString output;
    };
    QList<Published> published;
    QHash<QString, int> findingsOf; // rel -> index in out

    for (const QString &rel : site.postFiles() + site.draftFiles()) {
        const QString path = QDir(site.root()).filePath(rel);
        const QString name = QFileInfo(rel).fileName();
        const QString extension = QLatin1Char('.') + QFileInfo(rel).suffix();
        const bool text = JekyllRules::isMarkdownExtension(extension) ||
                          extension.compare(QLatin1String(".html"), Qt::CaseInsensitive) == 0 ||
                          extension.compare(QLatin1String(".htm"), Qt::CaseInsensitive) == 0;
        const bool inPosts = rel.startsWith(QLatin1String("_posts/"));
        const PostFileName parsed = JekyllRules::parsePostFileName(name);
        Diagnostics diagnostics;
        if (inPosts && (!parsed.matches || JekyllRules::isIgnoredName(name))) {
            // Jekyll never reads it; a photo or a dot file there is no post gone missing.
            if (text && !name.startsWith(QLatin1Char('.')))
                diagnostics = PostChecker::check(path, Post(), site, effective);
        } else if (!inPosts && !text) {
            continue;
        } else {
            const ReadResult read = FileIO::read(path, Post::MaxEditableBytes);
            if (!read.error.isEmpty()) {
                diagnostics.append({Error, 0, 0, read.error});
            } else {
                const Post post = Post::fromBytes(read.bytes);
                diagnostics = PostChecker::check(path, post, site, effective);
                diagnostics += siteChecks(path, post, site, schema, &index);
                sortByLine(diagnostics);
                const QVariant flag = post.value(QStringLiteral("published"));
                const auto date = JekyllRules::postDate(post.value(QStringLiteral("date")), zone);
                const bool hidden = (flag.typeId() == QMetaType::Bool && !flag.toBool()) ||
                                    (date && *date > effective) || !parsed.date.isValid();
                if (inPosts && post.frontMatterLoaded() && !hidden) {
                    published.append({rel, Site::outputPathForUrl(site.postUrl(rel, post))});
                }
            }
        }
        if (!diagnostics.isEmpty()) {
            findingsOf.insert(rel, int(out.size()));
            out.append({rel, diagnostics});
        }
    }

    // Two posts with one URL: Jekyll writes both to the same file and only the last one stays.
    QHash<QString, QStringList> byOutput;
    for (const Published &p : published)
        byOutput[p.output].append(p.rel);
    for (const Published &p : published) {
        const QStringList &same = byOutput.value(p.output);
        if (same.size() < 2)
            continue;
        QStringList others = same;
        others.removeAll(p.rel);
        const Diagnostic d{
            Warning, 0, 0,
            QStringLiteral("Jekyll writes this post and %1 to the same page %2; only "
                           "one of them is published")
                .arg(others.join(QStringLiteral(", ")), p.output)};
        if (findingsOf.contains(p.rel)) {
            out[findingsOf.value(p.rel)].diagnostics.prepend(d);
        } else {
            findingsOf.insert(p.rel, int(out.size()));
            out.append({p.rel, {d}});
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const FileFindings &a, const FileFindings &b) {
        if ((a.file == QLatin1String("_config.yml")) != (b.file == QLatin1String("_config.yml")))
            return a.file == QLatin1String("_config.yml");
        return a.file < b.file;
    });
    return out;
}

QList<ImageReference> SiteChecker::imageReferences(const QString &body, bool markdown)
{
    QList<ImageReference> out;
    const QString text = masked(body, markdown);

    static const QRegularExpression img(QStringLiteral(R"(<img\b[^>]*>)"),
                                        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression src(
        QStringLiteral(R"re((?<![\w-])src\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))re"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression alt(QStringLiteral(R"((?<![\w-])alt(?:\s*=|[\s/>]))"),
                                        QRegularExpression::CaseInsensitiveOption);
    for (auto it = img.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const QString tag = m.captured(0);
        const auto s = src.match(tag);
        if (!s.hasMatch())
            continue;
        int group = 1;
        while (group < 3 && s.capturedStart(group) < 0)
            ++group;
        ImageReference ref;
        ref.form = ImageReference::Form::Html;
        ref.start = m.capturedStart();
        ref.linkStart = m.capturedStart() + s.capturedStart(group);
        ref.linkLength = s.capturedLength(group);
        ref.link = body.mid(ref.linkStart, ref.linkLength);
        ref.quoted = group != 3;
        ref.hasAlt = alt.match(tag.mid(4)).hasMatch();
        out.append(ref);
    }
    if (!markdown)
        return out;

    // Links may hold Liquid, which Jekyll expands before Markdown sees the text:
    // ![a]({{ site.baseurl }}/x.jpg) is a picture on the site.
    static const QRegularExpression inline_(QStringLiteral(
        R"(!\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]\([ \t]*(?:\r?\n)?[ \t]*(?:<([^<>\n]*)>|((?:\{\{[^{}\n]*\}\}|\([^\s()]*\)|[^\s()])+))(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\))"));
    QList<QPair<qsizetype, qsizetype>> taken;
    for (auto it = inline_.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        ImageReference ref;
        ref.form = ImageReference::Form::Markdown;
        ref.start = m.capturedStart();
        const int group = m.capturedStart(2) >= 0 ? 2 : 3;
        ref.inAngles = group == 2;
        ref.linkStart = m.capturedStart(group);
        ref.linkLength = m.capturedLength(group);
        ref.link = body.mid(ref.linkStart, ref.linkLength);
        ref.hasAlt = !m.captured(1).trimmed().isEmpty();
        out.append(ref);
        taken.append({m.capturedStart(), m.capturedEnd()});
    }

    struct Definition
    {
        qsizetype start;
        qsizetype length;
        bool inAngles;
    };
    QHash<QString, Definition> definitions;
    static const QRegularExpression definition(
        QStringLiteral(
            R"(^ {0,3}\[((?:[^\[\]\\]|\\.)+)\]:[ \t]*(?:\r?\n)?[ \t]*(?:<([^<>\n]*)>|((?:\{\{[^{}\n]*\}\}|\S)+)))"),
        QRegularExpression::MultilineOption);
    for (auto it = definition.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const QString label = normalizedLabel(m.captured(1));
        const int group = m.capturedStart(2) >= 0 ? 2 : 3;
        if (!definitions.contains(label)) // the first definition of a label wins
            definitions.insert(label,
                               {m.capturedStart(group), m.capturedLength(group), group == 2});
    }
    static const QRegularExpression reference(
        QStringLiteral(R"(!\[((?:[^\[\]\\]|\\.)*)\](?:\[((?:[^\[\]\\]|\\.)*)\])?)"));
    for (auto it = reference.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        // taken is in text order and its ranges do not overlap: the one starting last at or
        // before this match is the only one that can hold it.
        const auto after =
            std::upper_bound(taken.cbegin(), taken.cend(), m.capturedStart(),
                             [](qsizetype at, const QPair<qsizetype, qsizetype> &range) {
                                 return at < range.first;
                             });
        const bool inside = after != taken.cbegin() && m.capturedStart() < std::prev(after)->second;
        if (inside)
            continue;
        const QString label =
            normalizedLabel(m.captured(2).isEmpty() ? m.captured(1) : m.captured(2));
        const auto found = definitions.constFind(label);
        if (found == definitions.cend())
            continue;
        ImageReference ref;
        ref.form = ImageReference::Form::Reference;
        ref.start = m.capturedStart();
        ref.linkStart = found->start;
        ref.linkLength = found->length;
        ref.inAngles = found->inAngles;
        ref.link = body.mid(ref.linkStart, ref.linkLength);
        ref.hasAlt = !m.captured(1).trimmed().isEmpty();
        out.append(ref);
    }
    std::sort(out.begin(), out.end(),
              [](const ImageReference &a, const ImageReference &b) { return a.start < b.start; });
    return out;
}

QString SiteChecker::expandSiteUrls(const QString &text, const Site &site)
{
    const QString baseurl = site.isValid() ? site.baseurl() : QString();
    QString url = site.isValid() ? site.url() : QString();
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    auto leadingSlash = [](const QString &s) {
        return s.isEmpty() || s.startsWith(QLatin1Char('/')) ? s : QLatin1Char('/') + s;
    };
    static const QRegularExpression filtered(QStringLiteral(
        R"(\{\{-?\s*(["'])([^"'{}]*)\1\s*\|\s*(relative_url|absolute_url|prepend:\s*site\.baseurl)\s*-?\}\})"));
    static const QRegularExpression variable(
        QStringLiteral(R"(\{\{-?\s*site\.(baseurl|url)\s*-?\}\})"));
    QString out;
    qsizetype from = 0;
    for (auto it = filtered.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        out += text.mid(from, m.capturedStart() - from);
        const QString value = m.captured(2);
        const QString filter = m.captured(3);
        if (filter.startsWith(QLatin1String("prepend")))
            out += baseurl + value;
        else if (value.contains(QLatin1String("://")))
            out += value; // relative_url leaves absolute URLs alone
        else
            out += (filter == QLatin1String("absolute_url") ? url : QString()) + baseurl +
                   leadingSlash(value);
        from = m.capturedEnd();
    }
    out += text.mid(from);
    QString result;
    from = 0;
    for (auto it = variable.globalMatch(out); it.hasNext();) {
        const auto m = it.next();
        result += out.mid(from, m.capturedStart() - from);
        result += m.captured(1) == QLatin1String("baseurl") ? baseurl : url;
        from = m.capturedEnd();
    }
    result += out.mid(from);
    return result;
}

ImageLocation SiteChecker::locateImage(const QString &link, const QString &postPath,
                                       const Post &post, const Site &site, bool frontMatter)
{
    ImageLocation where;
    QString text = link.trimmed();
    if (text.startsWith(QLatin1Char('<')) && text.endsWith(QLatin1Char('>')))
        text = text.mid(1, text.size() - 2).trimmed();
    text = expandSiteUrls(text, site);
    if (text.contains(QLatin1String("{{")) || text.contains(QLatin1String("{%")) ||
        text.isEmpty()) {
        where.kind = ImageLocation::Kind::Unresolved;
        return where;
    }
    QString siteUrl = site.isValid() ? site.url() : QString();
    while (siteUrl.endsWith(QLatin1Char('/')))
        siteUrl.chop(1);
    bool ownHost = false;
    if (!siteUrl.isEmpty() && (text == siteUrl || text.startsWith(siteUrl + QLatin1Char('/')))) {
        text = text.mid(siteUrl.size());
        ownHost = true;
    }
    static const QRegularExpression scheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*:"));
    if (scheme.match(text).hasMatch()) {
        if (text.startsWith(QLatin1String("file:"), Qt::CaseInsensitive)) {
            where.kind = ImageLocation::Kind::Local;
            where.path = QUrl(text).toLocalFile();
        }
        return where;
    }
    if (text.startsWith(QLatin1String("//")))
        return where;
    static const QRegularExpression queryOrFragment(QStringLiteral("[?#]"));
    const qsizetype cut = text.indexOf(queryOrFragment);
    if (cut >= 0)
        text.truncate(cut);
    if (text.isEmpty()) {
        where.kind = ImageLocation::Kind::Unresolved;
        return where;
    }
    const QString decoded = QUrl::fromPercentEncoding(text.toUtf8());
    where.kind = ImageLocation::Kind::Local;
    const QString postFolder = QFileInfo(postPath).absolutePath();

    if (!site.isValid()) {
        // Outside a site a leading '/' is the disk's root: the draft links files where they are.
        where.path = decoded.startsWith(QLatin1Char('/'))
                         ? QDir::cleanPath(decoded)
                         : QDir::cleanPath(postFolder + QLatin1Char('/') + decoded);
        return where;
    }

    QString urlPath;
    if (decoded.startsWith(QLatin1Char('/'))) {
        urlPath = decoded;
        const QString baseurl = site.baseurl();
        if (!baseurl.isEmpty()) {
            if (urlPath == baseurl || urlPath.startsWith(baseurl + QLatin1Char('/')))
                urlPath = urlPath.mid(baseurl.size());
            else if (!frontMatter && !ownHost)
                where.missesBaseurl = true;
        }
        urlPath = resolveUrlPath(QStringLiteral("/"), urlPath);
    } else if (frontMatter) {
        // Themes show `image:` through relative_url, which puts it under the site root.
        urlPath = resolveUrlPath(QStringLiteral("/"), decoded);
    } else {
        QString folder = fileUrlFolder(postPath, post, site);
        if (folder.isEmpty())
            folder = QStringLiteral("/");
        urlPath = resolveUrlPath(folder, decoded);
        where.besidePost = QDir::cleanPath(postFolder + QLatin1Char('/') + decoded);
    }
    where.path = QDir::cleanPath(site.root() + urlPath);
    const QStringList parts = urlPath.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (int i = 0; i + 1 < parts.size(); ++i) {
        if (parts.at(i).startsWith(QLatin1Char('_')) || parts.at(i).startsWith(QLatin1Char('.'))) {
            where.unpublished =
                QStringLiteral("the folder %1, which Jekyll does not publish (its name starts with "
                               "'%2')")
                    .arg(parts.mid(0, i + 1).join(QLatin1Char('/')), parts.at(i).left(1));
            break;
        }
    }
    return where;
}

} // namespace Meetdown
