#include "postexporter.h"

#include "fileio.h"
#include "imagefile.h"
#include "jekyllrules.h"
#include "photoimporter.h"
#include "post.h"
#include "site.h"
#include "sitechecker.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <optional>

namespace Meetdown {

namespace {

// Past this the numbering is surely a loop on a broken folder rather than real photos.
constexpr int MaxNameNumber = 9999;
// A photo was already made web-sized at import; a file this large is no photo for a post.
constexpr qint64 MaxPhotoBytes = 256 * 1024 * 1024;

QString encodeComponent(const QString &part)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(part));
}

QString encodePath(const QString &relative)
{
    QStringList parts = relative.split(QLatin1Char('/'));
    for (QString &part : parts)
        part = encodeComponent(part);
    return parts.join(QLatin1Char('/'));
}

bool isInside(const QString &path, const QString &root)
{
    return path == root || path.startsWith(root + QLatin1Char('/'));
}

// The canonical form of a path that may not exist yet: its deepest existing folder resolved,
// the rest appended. So a symlinked folder on the way is followed before anything is created.
QString canonicalOf(const QString &path)
{
    QString existing = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QStringList rest;
    while (!QFileInfo::exists(existing)) {
        const qsizetype slash = existing.lastIndexOf(QLatin1Char('/'));
        if (slash <= 0)
            return QString();
        rest.prepend(existing.mid(slash + 1));
        existing.truncate(slash);
    }
    const QString canonical = QFileInfo(existing).canonicalFilePath();
    if (canonical.isEmpty())
        return QString();
    return rest.isEmpty() ? canonical : canonical + QLatin1Char('/') + rest.join(QLatin1Char('/'));
}

std::optional<QByteArray> readFile(const QString &path, qint64 limit, QString *error)
{
    QFile file(path);
    if (file.size() > limit) {
        *error = QStringLiteral("%1 is larger than %2 MB").arg(path).arg(limit / (1024 * 1024));
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

// Where an existing file first differs from what an export would write, so that "other content"
// can be found: often a photo that changed since the last export and would get a new name.
QString firstDifference(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    const QList<QByteArray> theirs = file.read(Post::MaxEditableBytes).split('\n');
    const QList<QByteArray> ours = bytes.split('\n');
    for (qsizetype i = 0; i < std::max(theirs.size(), ours.size()); ++i) {
        if (theirs.value(i) != ours.value(i)) {
            QString line = QString::fromUtf8(ours.value(i)).trimmed();
            if (line.size() > 80)
                line = line.left(77) + QStringLiteral("...");
            return QStringLiteral(" (from line %1: this export has \"%2\")").arg(i + 1).arg(line);
        }
    }
    return QString();
}

bool sameBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (file.size() != bytes.size() || !file.open(QIODevice::ReadOnly))
        return false;
    return file.readAll() == bytes;
}

// Never replaces a file: the bytes go to a hidden temporary name (Jekyll ignores dot files) and
// are renamed without replacement, which QFile does with renameat2(RENAME_NOREPLACE) on Linux.
QString writeNew(const QString &path, const QByteArray &bytes)
{
    const QString folder = QFileInfo(path).absolutePath();
    const QString temporary =
        QStringLiteral("%1/.meetdown-%2.tmp")
            .arg(folder)
            .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
    QFile file(temporary);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return QStringLiteral("cannot write in %1: %2").arg(folder, file.errorString());
    const bool ok = file.write(bytes) == bytes.size() && file.flush();
    const QString writeError = file.errorString();
    file.close();
    if (!ok) {
        QFile::remove(temporary);
        return QStringLiteral("cannot write %1: %2").arg(path, writeError);
    }
    if (!QFile::rename(temporary, path)) {
        QFile::remove(temporary);
        return QFileInfo::exists(path)
                   ? QStringLiteral("%1 appeared while exporting; it was left as it is").arg(path)
                   : QStringLiteral("cannot create %1").arg(path);
    }
    return QString();
}

// Creates folder inside root, refusing a way out through a symlink.
QString makeFolder(const QString &folder, const QString &canonicalRoot)
{
    const QString planned = canonicalOf(folder);
    if (planned.isEmpty() || !isInside(planned, canonicalRoot))
        return QStringLiteral("%1 leads outside the site (through a symbolic link); Meetdown "
                              "writes only inside the site")
            .arg(folder);
    if (QFileInfo(folder).isDir())
        return QString();
    if (QFileInfo::exists(folder))
        return QStringLiteral("%1 is a file, not a folder").arg(folder);
    if (!QDir().mkpath(folder))
        return QStringLiteral("cannot create the folder %1").arg(folder);
    return QString();
}

int lineAt(const QByteArray &body, qsizetype offset, int firstLine)
{
    return firstLine + int(body.left(offset).count('\n'));
}

QString decodeEntities(QString text)
{
    static const QRegularExpression numeric(QStringLiteral("&#(x[0-9a-fA-F]+|[0-9]+);"));
    QString out;
    qsizetype from = 0;
    for (auto it = numeric.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        out += text.mid(from, m.capturedStart() - from);
        const QString n = m.captured(1);
        const uint code =
            n.startsWith(QLatin1Char('x')) ? n.mid(1).toUInt(nullptr, 16) : n.toUInt();
        out += QString::fromUcs4(reinterpret_cast<const char32_t *>(&code), 1);
        from = m.capturedEnd();
    }
    out += text.mid(from);
    out.replace(QLatin1String("&quot;"), QLatin1String("\""));
    out.replace(QLatin1String("&lt;"), QLatin1String("<"));
    out.replace(QLatin1String("&gt;"), QLatin1String(">"));
    out.replace(QLatin1String("&amp;"), QLatin1String("&"));
    return out;
}

// A post's bytes with a new body: the front matter bytes exactly as post has them.
QByteArray withBody(const Post &post, const QByteArray &body)
{
    QByteArray bytes = post.toBytes();
    bytes.chop(post.bodyBytes().size());
    return bytes + body;
}

struct Replacement
{
    qsizetype offset;
    qsizetype length;
    QByteArray text;
};

QByteArray spliced(const QByteArray &text, QList<Replacement> replacements)
{
    std::sort(replacements.begin(), replacements.end(),
              [](const Replacement &a, const Replacement &b) { return a.offset > b.offset; });
    QByteArray out = text;
    for (const Replacement &r : replacements)
        out.replace(r.offset, r.length, r.text);
    return out;
}

// --- Planning an export -------------------------------------------------------------------------

struct PlannedPhoto
{
    QString source;   // canonical path of the file that is copied
    QString fileName; // in the destination folder
    QByteArray bytes;
    bool alreadyThere = false;
};

class ExportPlanner final
{
public:
    ExportPlanner(const QString &postPath, const Post &post, const Site &source, const Site &target,
                  const QString &targetPath, SiteExport &result)
        : m_postPath(postPath), m_post(post), m_source(source), m_target(target),
          m_targetPath(targetPath), m_canonicalRoot(QFileInfo(target.root()).canonicalFilePath()),
          m_result(result)
    {}

    // The link that replaces `link` in the site, the same text when it already works there, or
    // nullopt after an error. frontMatter: the value of `image:`, written without the baseurl.
    std::optional<QString> relink(const QString &link, int line, bool frontMatter)
    {
        const ImageLocation from =
            SiteChecker::locateImage(link, m_postPath, m_post, m_source, frontMatter);
        if (from.kind != ImageLocation::Kind::Local)
            return link;
        QString file;
        for (const QString &candidate : {from.besidePost, from.path}) {
            if (!candidate.isEmpty() && QFileInfo(candidate).isFile()) {
                file = QFileInfo(candidate).canonicalFilePath();
                break;
            }
        }
        const ImageLocation there =
            SiteChecker::locateImage(link, m_targetPath, m_post, m_target, frontMatter);
        const QString thereFile =
            there.kind == ImageLocation::Kind::Local && QFileInfo(there.path).isFile()
                ? QFileInfo(there.path).canonicalFilePath()
                : QString();
        if (file.isEmpty() && !thereFile.isEmpty())
            file = thereFile; // a site-root link drafted outside the site, to a file in it
        if (file.isEmpty()) {
            m_result.errors.append(
                QStringLiteral("line %1: the image '%2' does not exist (no file %3)")
                    .arg(line)
                    .arg(link, from.besidePost.isEmpty() ? from.path : from.besidePost));
            return std::nullopt;
        }
        // Already in the site where the link finds it: nothing to copy, nothing to change.
        if (file == thereFile && there.unpublished.isEmpty() && !there.missesBaseurl)
            return link;
        // A file elsewhere in the site is linked where it is, unless Jekyll does not publish it.
        if (isInside(file, m_canonicalRoot)) {
            const QString rel = file.mid(m_canonicalRoot.size() + 1);
            QStringList folders = rel.split(QLatin1Char('/'));
            folders.removeLast();
            const bool published =
                std::none_of(folders.cbegin(), folders.cend(), [](const QString &f) {
                    return f.startsWith(QLatin1Char('_')) || f.startsWith(QLatin1Char('.'));
                });
            if (published)
                return siteLink(encodePath(rel), frontMatter);
        }
        const auto planned = plan(file);
        if (!planned)
            return std::nullopt;
        return siteLink(m_folderFromRoot + encodeComponent(*planned), frontMatter);
    }

    QList<PlannedPhoto> photos() const { return m_photos; }
    QString folder() const { return m_folder; }

private:
    QString siteLink(const QString &fromRoot, bool frontMatter) const
    {
        // Front matter is not Liquid: themes add the baseurl to `image:` themselves.
        const bool prefix = !frontMatter && !m_target.baseurl().isEmpty();
        return (prefix ? QStringLiteral("{{ site.baseurl }}/") : QStringLiteral("/")) + fromRoot;
    }

    bool ensureDestination()
    {
        if (!m_folder.isEmpty())
            return true;
        const PhotoDestination destination = PhotoImporter::destinationFor(m_targetPath);
        if (!destination.error.isEmpty()) {
            m_result.errors.append(destination.error);
            return false;
        }
        if (QFileInfo(destination.root).absoluteFilePath() !=
            QFileInfo(m_target.root()).absoluteFilePath()) {
            m_result.errors.append(QStringLiteral("the image folder %1 is not in the site %2")
                                       .arg(destination.folder, m_target.root()));
            return false;
        }
        const QString canonical = canonicalOf(destination.folder);
        if (canonical.isEmpty() || !isInside(canonical, m_canonicalRoot)) {
            m_result.errors.append(
                QStringLiteral("%1 leads outside the site (through a symbolic link); Meetdown "
                               "writes only inside the site")
                    .arg(destination.folder));
            return false;
        }
        m_folder = destination.folder;
        m_folderFromRoot = canonical.mid(m_canonicalRoot.size() + 1);
        m_folderFromRoot = encodePath(m_folderFromRoot) + QLatin1Char('/');
        return true;
    }

    // The name the photo gets: its own, or -2, -3... when another file has it.
    std::optional<QString> plan(const QString &file)
    {
        if (const auto known = m_bySource.constFind(file); known != m_bySource.cend())
            return *known;
        if (!ensureDestination())
            return std::nullopt;
        QString error;
        const auto bytes = readFile(file, MaxPhotoBytes, &error);
        if (!bytes) {
            m_result.errors.append(error);
            return std::nullopt;
        }
        const QString name = QFileInfo(file).fileName();
        const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
        const QString stem = dot > 0 ? name.left(dot) : name;
        const QString extension = dot > 0 ? name.mid(dot) : QString();
        for (int n = 1; n <= MaxNameNumber; ++n) {
            const QString candidate =
                n == 1 ? name : QStringLiteral("%1-%2%3").arg(stem).arg(n).arg(extension);
            const auto mine = std::find_if(m_photos.cbegin(), m_photos.cend(),
                                           [&](const auto &p) { return p.fileName == candidate; });
            if (mine != m_photos.cend()) {
                if (mine->bytes != *bytes)
                    continue;
                m_bySource.insert(file, candidate);
                return candidate;
            }
            const QString path = m_folder + QLatin1Char('/') + candidate;
            const QFileInfo info(path);
            if (info.isSymLink()) {
                m_result.errors.append(
                    QStringLiteral("%1 is a symbolic link; Meetdown does not write through links")
                        .arg(path));
                return std::nullopt;
            }
            bool alreadyThere = false;
            if (info.exists()) {
                if (!info.isFile() || !sameBytes(path, *bytes))
                    continue;
                alreadyThere = true;
            }
            m_photos.append({file, candidate, *bytes, alreadyThere});
            m_bySource.insert(file, candidate);
            return candidate;
        }
        m_result.errors.append(QStringLiteral("%1 and %2 numbered variants already exist in %3")
                                   .arg(name)
                                   .arg(MaxNameNumber)
                                   .arg(m_folder));
        return std::nullopt;
    }

    const QString m_postPath;
    const Post &m_post;
    const Site &m_source;
    const Site &m_target;
    const QString m_targetPath;
    const QString m_canonicalRoot;
    SiteExport &m_result;
    QString m_folder;         // absolute, as PhotoImporter names it
    QString m_folderFromRoot; // percent-encoded, ends with '/'
    QList<PlannedPhoto> m_photos;
    QHash<QString, QString> m_bySource;
};

} // namespace

// --- Public --------------------------------------------------------------------------------------

QString PostExporter::targetFileName(const QString &postPath, const Post &post, const Site &site,
                                     const QDateTime &now)
{
    const QTimeZone zone = site.isValid() ? site.timeZone() : QTimeZone::systemTimeZone();
    const QFileInfo info(postPath);
    const PostFileName parsed = JekyllRules::parsePostFileName(info.fileName());
    // The date Jekyll gives the post where it is now: its `date:`, else its file name's; only a
    // post dated by neither (a draft) takes today's.
    const auto date = JekyllRules::postDate(post.value(QStringLiteral("date")), zone);
    const QDate day = date                                      ? date->toTimeZone(zone).date()
                      : parsed.matches && parsed.date.isValid() ? parsed.date
                                                                : now.toTimeZone(zone).date();
    QString slug;
    const QVariant title = post.value(QStringLiteral("title"));
    if (title.typeId() == QMetaType::QString || title.canConvert<QString>())
        slug = JekyllRules::fileSlug(title.toString());
    if (slug.isEmpty())
        slug = JekyllRules::fileSlug(parsed.matches ? parsed.slug : info.completeBaseName());
    if (slug.isEmpty())
        return QString();
    QString name = JekyllRules::postFileName(day, slug);
    // A post written as HTML stays HTML: renamed .md, Markdown would rewrite it.
    const QString extension = QLatin1Char('.') + info.suffix();
    if (extension.compare(QLatin1String(".html"), Qt::CaseInsensitive) == 0 ||
        (extension.size() > 1 && JekyllRules::isMarkdownExtension(extension)))
        name = name.left(name.lastIndexOf(QLatin1Char('.'))) + extension;
    return name;
}

SiteExport PostExporter::exportToSite(const QString &postPath, const QString &siteDir,
                                      const QDateTime &now)
{
    const ReadResult read = FileIO::read(postPath, Post::MaxEditableBytes);
    if (!read.error.isEmpty()) {
        SiteExport result;
        result.errors.append(QStringLiteral("%1: %2").arg(postPath, read.error));
        return result;
    }
    return exportToSite(postPath, read.bytes, siteDir, now);
}

SiteExport PostExporter::exportToSite(const QString &postPath, const QByteArray &bytes,
                                      const QString &siteDir, const QDateTime &now)
{
    SiteExport result;
    // --- Is it a site, and a post, that can be exported?
    const QFileInfo dir(siteDir);
    if (!dir.isDir()) {
        result.errors.append(dir.exists()
                                 ? QStringLiteral("%1 is a file, not a site folder").arg(siteDir)
                                 : QStringLiteral("%1 does not exist").arg(siteDir));
        return result;
    }
    if (!QFileInfo(QDir(siteDir).filePath(QStringLiteral("_config.yml"))).isFile()) {
        result.errors.append(
            QStringLiteral(
                "%1 is not a Jekyll site: it has no _config.yml (a site without settings "
                "can have an empty one)")
                .arg(siteDir));
        return result;
    }
    const Site site = Site::load(siteDir);
    if (hasErrors(site.configDiagnostics())) {
        for (const Diagnostic &d : site.configDiagnostics()) {
            if (d.isError())
                result.errors.append(d.format(site.configPath()));
        }
        result.errors.append(QStringLiteral("Jekyll cannot build %1 with this _config.yml; fix it "
                                            "first (`meetdown check %1` lists the problems)")
                                 .arg(siteDir));
        return result;
    }
    const Post post = Post::fromBytes(bytes);
    if (!post.isEditable()) {
        result.errors.append(QStringLiteral("%1: %2").arg(postPath, post.refusal()));
        return result;
    }
    if (!post.frontMatterLoaded() || hasErrors(post.diagnostics())) {
        for (const Diagnostic &d : post.diagnostics())
            result.errors.append(d.format(postPath));
        result.errors.append(
            QStringLiteral("%1: the front matter has errors; fix them before exporting")
                .arg(postPath));
        return result;
    }
    const QVariant date = post.value(QStringLiteral("date"));
    if (date.isValid() && !date.isNull() && !JekyllRules::postDate(date, site.timeZone())) {
        result.errors.append(QStringLiteral("%1:%2: Jekyll cannot read the date '%3'")
                                 .arg(postPath)
                                 .arg(post.keyLine(QStringLiteral("date")))
                                 .arg(date.toString()));
        return result;
    }
    const QString name = targetFileName(postPath, post, site, now);
    if (name.isEmpty()) {
        result.errors.append(
            QStringLiteral("%1: neither the title nor the file name gives the post a file name")
                .arg(postPath));
        return result;
    }
    const QString postsDir = QDir(site.root()).filePath(QStringLiteral("_posts"));
    const QString targetPath = postsDir + QLatin1Char('/') + name;
    const QString canonicalRoot = QFileInfo(site.root()).canonicalFilePath();

    // --- Every picture: where it is, where it goes, and its new link. Nothing is written yet.
    const QString sourceRoot = Site::findRoot(postPath);
    const Site source = sourceRoot.isEmpty() ? Site() : Site::load(sourceRoot);
    ExportPlanner planner(postPath, post, source, site, targetPath, result);
    const QByteArray body = post.bodyBytes();
    // Latin-1 gives one character per byte, so offsets found in the text are byte offsets.
    const QString view = QString::fromLatin1(body);
    const bool markdown =
        JekyllRules::isMarkdownExtension(QLatin1Char('.') + QFileInfo(name).suffix());
    QList<Replacement> replacements;
    QSet<qsizetype> seen;
    for (const ImageReference &ref : SiteChecker::imageReferences(view, markdown)) {
        if (seen.contains(ref.linkStart))
            continue;
        seen.insert(ref.linkStart);
        const QString link = QString::fromUtf8(ref.link.toLatin1());
        const int line = lineAt(body, ref.linkStart, post.bodyFirstLine());
        const auto relinked = planner.relink(link, line, false);
        if (!relinked || *relinked == link)
            continue;
        QString text = *relinked;
        if (ref.form == ImageReference::Form::Html && !ref.quoted)
            text = QLatin1Char('"') + text + QLatin1Char('"');
        replacements.append({ref.linkStart, ref.linkLength, text.toUtf8()});
        result.links.append({line, link, *relinked});
    }
    Post edited = post;
    const QVariant image = post.value(QStringLiteral("image"));
    if (image.typeId() == QMetaType::QString && !image.toString().trimmed().isEmpty()) {
        const QString link = image.toString().trimmed();
        const int line = post.keyLine(QStringLiteral("image"));
        const auto relinked = planner.relink(link, line, true);
        if (relinked && *relinked != link) {
            const QString error = edited.setString(QStringLiteral("image"), *relinked);
            if (!error.isEmpty())
                result.errors.append(
                    QStringLiteral("%1:%2: %3").arg(postPath).arg(line).arg(error));
            else
                result.links.append({line, link, *relinked});
        }
    } else if (image.typeId() == qMetaTypeId<YamlMap>()) {
        result.findings.append(
            {Diagnostic::Severity::Warning, post.keyLine(QStringLiteral("image")), 1,
             QStringLiteral("'image' is a mapping; Meetdown copies only an image "
                            "given as a path, so its files were left out")});
    }
    const QByteArray finalBytes = withBody(edited, spliced(body, replacements));

    // --- The post's own file: new, or the same bytes already there.
    result.post.path = targetPath;
    const QString postsCanonical = canonicalOf(postsDir);
    if (postsCanonical.isEmpty() || !isInside(postsCanonical, canonicalRoot))
        result.errors.append(
            QStringLiteral("%1 leads outside the site (through a symbolic link)").arg(postsDir));
    const QFileInfo existing(targetPath);
    if (existing.isSymLink()) {
        result.errors.append(
            QStringLiteral("%1 is a symbolic link; Meetdown does not write through links")
                .arg(targetPath));
    } else if (existing.exists()) {
        if (existing.isFile() && sameBytes(targetPath, finalBytes))
            result.post.alreadyThere = true;
        else
            result.errors.append(
                QStringLiteral("%1 already exists with other content%2; Meetdown does not replace "
                               "it (remove or rename it, or edit that post)")
                    .arg(targetPath, firstDifference(targetPath, finalBytes)));
    }
    if (!result.errors.isEmpty()) {
        result.links.clear();
        return result;
    }

    // --- Writing: the photos first, so that the post never links a file that is not there.
    const QList<PlannedPhoto> photos = planner.photos();
    bool anyNew = false;
    for (const PlannedPhoto &p : photos)
        anyNew = anyNew || !p.alreadyThere;
    if (anyNew) {
        const QString error = makeFolder(planner.folder(), canonicalRoot);
        if (!error.isEmpty()) {
            result.errors.append(error);
            return result;
        }
    }
    for (const PlannedPhoto &p : photos) {
        const QString path = planner.folder() + QLatin1Char('/') + p.fileName;
        if (!p.alreadyThere) {
            const QString error = writeNew(path, p.bytes);
            if (!error.isEmpty()) {
                result.errors.append(error);
                return result;
            }
        }
        result.photos.append({p.source, path, p.alreadyThere});
    }
    if (!result.post.alreadyThere) {
        QString error = makeFolder(postsDir, canonicalRoot);
        if (error.isEmpty())
            error = writeNew(targetPath, finalBytes);
        if (!error.isEmpty()) {
            result.errors.append(error);
            return result;
        }
    }
    const Post written = Post::fromBytes(finalBytes);
    result.url = site.baseurl() + site.postUrl(QStringLiteral("_posts/") + name, written);
    const PostFileName sourceName = JekyllRules::parsePostFileName(QFileInfo(postPath).fileName());
    if (!written.contains(QStringLiteral("date")) &&
        !(sourceName.matches && sourceName.date.isValid()))
        result.findings.append(
            {Diagnostic::Severity::Warning, 1, 1,
             QStringLiteral("the post had no date, in its front matter or its file name: it is "
                            "dated today, %1, by its new file name; set `date:` to the "
                            "meetup's day and export again if that is not right")
                 .arg(name.left(10))});
    result.findings += SiteChecker::checkPost(targetPath, written, site, now);
    return result;
}

Post PostExporter::withSiteUrlsExpanded(const Post &post, const Site &site)
{
    if (!post.isEditable())
        return post;
    const QByteArray body = post.bodyBytes();
    const QByteArray expanded = SiteChecker::expandSiteUrls(QString::fromUtf8(body), site).toUtf8();
    if (expanded == body)
        return post;
    return Post::fromBytes(withBody(post, expanded));
}

HtmlExport PostExporter::embedImages(const QByteArray &html, const QString &postPath,
                                     const Post &post, const Site &site)
{
    HtmlExport result;
    const QString view = QString::fromLatin1(html);
    QList<Replacement> replacements;
    QHash<QString, QByteArray> uris; // file -> data: URI, for pictures shown twice
    int remote = 0;
    for (const ImageReference &ref : SiteChecker::imageReferences(view, false)) {
        const QString link = decodeEntities(QString::fromUtf8(ref.link.toLatin1()));
        if (link.startsWith(QLatin1String("data:"), Qt::CaseInsensitive))
            continue;
        const ImageLocation where = SiteChecker::locateImage(link, postPath, post, site);
        if (where.kind != ImageLocation::Kind::Local) {
            remote += where.kind == ImageLocation::Kind::Remote;
            continue;
        }
        QString file;
        for (const QString &candidate : {where.path, where.besidePost}) {
            if (!candidate.isEmpty() && QFileInfo(candidate).isFile()) {
                file = candidate;
                break;
            }
        }
        if (file.isEmpty()) {
            result.warnings.append(QStringLiteral("the image '%1' does not exist (no file %2); the "
                                                  "page shows a broken picture")
                                       .arg(link, where.path));
            continue;
        }
        if (!uris.contains(file)) {
            QString error;
            const auto bytes = readFile(file, MaxEmbeddedBytes, &error);
            if (!bytes) {
                result.warnings.append(QStringLiteral("%1; it stays a link, which the reader "
                                                      "cannot open")
                                           .arg(error));
                continue;
            }
            const QByteArray mime = ImageFile::mimeType(ImageFile::sniff(*bytes));
            if (mime.isEmpty()) {
                result.warnings.append(
                    QStringLiteral("%1 is not a picture a browser shows; it stays a link")
                        .arg(file));
                continue;
            }
            uris.insert(file, "data:" + mime + ";base64," + bytes->toBase64());
            result.embedded.append(file);
        }
        QByteArray text = uris.value(file);
        if (!ref.quoted)
            text = '"' + text + '"';
        replacements.append({ref.linkStart, ref.linkLength, text});
    }
    if (remote > 0)
        result.warnings.append(
            QStringLiteral("%1 on other sites %2 links; mail programs often "
                           "block them until the reader allows it")
                .arg(remote == 1 ? QStringLiteral("1 picture")
                                 : QStringLiteral("%1 pictures").arg(remote),
                     remote == 1 ? QStringLiteral("stays") : QStringLiteral("stay")));
    result.html = spliced(html, replacements);
    return result;
}

HtmlExport PostExporter::standaloneHtml(const QString &postPath, const Post &post, const Site &site,
                                        const std::function<QByteArray(const Post &)> &renderPage)
{
    const Post expanded = withSiteUrlsExpanded(post, site);
    return embedImages(renderPage(expanded), postPath, expanded, site);
}

} // namespace Meetdown
