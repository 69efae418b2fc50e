#include "postrenamer.h"

#include "fileio.h"
#include "jekyllrules.h"
#include "photoimporter.h"
#include "post.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QMap>

namespace Meetdown {

namespace {

const QString BaseurlTag = QStringLiteral("{{ site.baseurl }}");

// A link is written with or without the baseurl tag; both forms share the rooted part.
QString rootedPart(const QString &prefix)
{
    return prefix.startsWith(BaseurlTag) ? prefix.mid(BaseurlTag.size()) : prefix;
}

bool startsLink(char c)
{
    return c == '(' || c == '"' || c == '\'' || c == '<' || c == '}' || c == ' ' || c == '\t' ||
           c == '\n' || c == '=';
}

struct Rewritten
{
    QByteArray text;
    int count = 0;
};

Rewritten rewrite(const QByteArray &text, const QString &oldPrefix, const QString &newPrefix)
{
    const QByteArray from = rootedPart(oldPrefix).toUtf8();
    const QByteArray to = rootedPart(newPrefix).toUtf8();
    if (from.isEmpty() || from == to)
        return {text, 0};
    const bool relative = !from.startsWith('/');
    Rewritten result;
    result.text.reserve(text.size());
    qsizetype pos = 0;
    while (true) {
        const qsizetype hit = text.indexOf(from, pos);
        if (hit < 0)
            break;
        // Only where a link starts: "/x/" inside "/other/x/" names another folder.
        bool atStart = hit == 0 || startsLink(text.at(hit - 1));
        // A relative link may also be written "./x/".
        if (!atStart && relative && hit >= 2 && text.at(hit - 1) == '/' && text.at(hit - 2) == '.')
            atStart = hit == 2 || startsLink(text.at(hit - 3));
        result.text.append(text.mid(pos, hit - pos));
        result.text.append(atStart ? to : from);
        result.count += atStart ? 1 : 0;
        pos = hit + from.size();
    }
    result.text.append(text.mid(pos));
    return result;
}

// What the name is made of, as Jekyll reads the post.
struct NameParts
{
    QString title;
    QDate day; // in the site's zone; invalid when the post has none
    bool dateUnreadable = false;
    QString dateText;
};

NameParts partsOf(const QString &path, const Post &post, const QTimeZone &zone)
{
    NameParts parts;
    parts.title = post.value(QStringLiteral("title")).toString().trimmed();
    const QVariant date = post.value(QStringLiteral("date"));
    if (date.isValid() && !date.isNull()) {
        parts.dateText = date.toString();
        if (const auto when = JekyllRules::postDate(date, zone))
            parts.day = when->toTimeZone(zone).date();
        else
            parts.dateUnreadable = true;
    } else {
        // Without `date`, Jekyll takes the day from the file name.
        const PostFileName name = JekyllRules::parsePostFileName(QFileInfo(path).fileName());
        if (name.matches)
            parts.day = name.date;
    }
    return parts;
}

bool isDraft(const QString &path)
{
    return QFileInfo(path).absoluteDir().dirName() == QLatin1String("_drafts");
}

QString extensionOf(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix();
    return suffix.isEmpty() ? QStringLiteral(".md") : QLatin1Char('.') + suffix;
}

QString nameFor(bool draft, const QDate &day, const QString &slug, const QString &extension)
{
    // The helpers say .md; the post keeps its own extension (.markdown stays .markdown).
    const QString md =
        draft ? JekyllRules::draftFileName(slug) : JekyllRules::postFileName(day, slug);
    return md.chopped(3) + extension;
}

// Creates folder with its missing parents and returns the ones it made, outermost first, so
// that a rollback can remove exactly those; nullopt when it could not.
std::optional<QStringList> makePath(const QString &folder)
{
    QStringList missing;
    QString dir = QDir::cleanPath(folder);
    while (!QFileInfo::exists(dir)) {
        missing.prepend(dir);
        const QString up = QFileInfo(dir).absolutePath();
        if (up == dir)
            break;
        dir = up;
    }
    if (QDir().mkpath(folder) && QFileInfo(folder).isDir())
        return missing;
    for (auto it = missing.crbegin(); it != missing.crend(); ++it)
        QDir().rmdir(*it);
    return std::nullopt;
}

void removeMade(const QStringList &made)
{
    for (auto it = made.crbegin(); it != made.crend(); ++it)
        QDir().rmdir(*it);
}

QMap<QString, QString> filesUnder(const QString &folder)
{
    QMap<QString, QString> files;
    QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        files.insert(QDir(folder).relativeFilePath(path), path);
    }
    return files;
}

// The same files with the same bytes: moving one folder onto the other loses nothing.
bool sameFiles(const QString &a, const QString &b)
{
    const QMap<QString, QString> left = filesUnder(a);
    const QMap<QString, QString> right = filesUnder(b);
    if (left.keys() != right.keys())
        return false;
    for (auto it = left.cbegin(); it != left.cend(); ++it) {
        QFile x(it.value());
        QFile y(right.value(it.key()));
        if (x.size() != y.size() || !x.open(QIODevice::ReadOnly) || !y.open(QIODevice::ReadOnly) ||
            x.readAll() != y.readAll())
            return false;
    }
    return true;
}

// Folders the old photo folder leaves empty ("assets/<old>/" of "assets/:post/img"), up to
// where the old and new folders part: the site's own image folders stay.
void removeEmptyParents(const QString &from, const QString &to)
{
    const QStringList a = QDir::cleanPath(from).split(QLatin1Char('/'));
    const QStringList b = QDir::cleanPath(to).split(QLatin1Char('/'));
    qsizetype common = 0;
    while (common < a.size() && common < b.size() && a.at(common) == b.at(common))
        ++common;
    for (qsizetype n = a.size() - 1; n > common; --n) {
        if (!QDir().rmdir(a.mid(0, n).join(QLatin1Char('/'))))
            break;
    }
}

} // namespace

QByteArray PostRenamer::rewriteLinks(const QByteArray &text, const QString &oldPrefix,
                                     const QString &newPrefix)
{
    return rewrite(text, oldPrefix, newPrefix).text;
}

NameSuggestion PostRenamer::suggestedName(const QString &path, const Post &post,
                                          const QTimeZone &zone)
{
    NameSuggestion suggestion;
    const NameParts parts = partsOf(path, post, zone);
    const QString slug = JekyllRules::fileSlug(parts.title);
    const bool draft = isDraft(path);
    if (parts.title.isEmpty())
        suggestion.problem = QStringLiteral("the post has no title to name the file after");
    else if (slug.isEmpty())
        suggestion.problem =
            QStringLiteral("the title \"%1\" has no letters or digits to name the file after")
                .arg(parts.title);
    else if (parts.dateUnreadable)
        suggestion.problem =
            QStringLiteral("Jekyll cannot read the date \"%1\"").arg(parts.dateText);
    else if (!draft && !parts.day.isValid())
        suggestion.problem = QStringLiteral("the post has no date to put in the file name");
    else
        suggestion.name = nameFor(draft, parts.day, slug, extensionOf(path));
    return suggestion;
}

NameSuggestion PostRenamer::offeredName(const QString &path, const Post &baseline, const Post &post,
                                        const QTimeZone &zone)
{
    const NameParts before = partsOf(path, baseline, zone);
    const NameParts after = partsOf(path, post, zone);
    NameSuggestion offer = suggestedName(path, post, zone);
    offer.titleChanged = before.title != after.title;
    offer.dateChanged = before.day != after.day || before.dateUnreadable != after.dateUnreadable;
    if (!offer.titleChanged && !offer.dateChanged)
        return {};
    const QFileInfo file(path);
    if (!offer.name.isEmpty() && !offer.titleChanged && !isDraft(path)) {
        const PostFileName old = JekyllRules::parsePostFileName(file.fileName());
        const QString oldSlug = old.matches ? old.slug : file.completeBaseName();
        if (oldSlug != JekyllRules::fileSlug(before.title))
            offer.name = nameFor(false, after.day, oldSlug, extensionOf(path));
    }
    if (offer.name == file.fileName())
        offer.name.clear();
    return offer;
}

RenameResult PostRenamer::rename(const QString &oldPath, const QString &newName, Mode mode)
{
    if (newName.isEmpty() || newName.contains(QLatin1Char('/')) || newName == QLatin1String(".") ||
        newName == QLatin1String("..")) {
        RenameResult result;
        result.oldPath = QFileInfo(oldPath).absoluteFilePath();
        result.error = QStringLiteral("\"%1\" is not a file name").arg(newName);
        return result;
    }
    if (JekyllRules::isIgnoredName(newName)) {
        RenameResult result;
        result.oldPath = QFileInfo(oldPath).absoluteFilePath();
        result.error = QStringLiteral("Jekyll skips files named like \"%1\"").arg(newName);
        return result;
    }
    return moveTo(oldPath, QFileInfo(oldPath).absoluteDir().filePath(newName), std::nullopt, mode);
}

RenameResult PostRenamer::moveTo(const QString &oldPath, const QString &newPath,
                                 const std::optional<QByteArray> &content, Mode mode)
{
    RenameResult result;
    result.oldPath = QFileInfo(oldPath).absoluteFilePath();
    const QString target = QFileInfo(newPath).absoluteFilePath();
    auto fail = [&result](const QString &message) {
        RenameResult failed;
        failed.oldPath = result.oldPath;
        failed.error = message;
        return failed;
    };
    if (!QFileInfo(result.oldPath).isFile())
        return fail(QStringLiteral("%1 does not exist").arg(oldPath));
    if (target == result.oldPath)
        return fail(QStringLiteral("%1 already has that name").arg(oldPath));
    if (QFileInfo::exists(target) || QFileInfo(target).isSymLink())
        return fail(QStringLiteral("%1 already exists; nothing was changed").arg(target));
    const ReadResult read = FileIO::read(result.oldPath, Post::MaxEditableBytes);
    if (!read.error.isEmpty())
        return fail(QStringLiteral("%1: %2").arg(oldPath, read.error));
    QByteArray bytes = content.value_or(read.bytes);

    // Both folders are worked out before anything moves: the site's detected folder
    // convention must not change under us halfway.
    const PhotoDestination from = PhotoImporter::destinationFor(result.oldPath);
    const PhotoDestination to = PhotoImporter::destinationFor(target);
    enum class Photos
    {
        Stay,
        Move,
        AlreadyThere
    } photos = Photos::Stay;
    if (from.error.isEmpty() && to.error.isEmpty() && from.folder != to.folder &&
        QFileInfo(from.folder).isDir()) {
        const QFileInfo there(to.folder);
        if (!there.exists() && !there.isSymLink())
            photos = Photos::Move;
        else if (there.isDir() && sameFiles(from.folder, to.folder))
            photos = Photos::AlreadyThere;
        else
            return fail(QStringLiteral("%1 already exists with other files; nothing was changed")
                            .arg(to.folder));
        // The whole file: front matter `image:` points into the folder as often as the body.
        const Rewritten rewritten = rewrite(bytes, from.linkPrefix, to.linkPrefix);
        bytes = rewritten.text;
        result.linksRewritten = rewritten.count;
        result.oldPhotoFolder = from.folder;
        result.photoFolder = to.folder;
    }
    if (mode == Mode::DryRun) {
        result.newPath = target;
        return result;
    }

    // Each step done is undone, in reverse, when a later one fails.
    const std::optional<QStringList> postFolders = makePath(QFileInfo(target).absolutePath());
    if (!postFolders)
        return fail(QStringLiteral("cannot create the folder %1; nothing was changed")
                        .arg(QFileInfo(target).absolutePath()));
    // Rename first (it never overwrites), then patch: the post is never in two places.
    if (!QFile::rename(result.oldPath, target)) {
        removeMade(*postFolders);
        return fail(
            QStringLiteral("cannot move %1 to %2; nothing was changed").arg(oldPath, target));
    }
    const bool patched = bytes != read.bytes;
    auto undoPost = [&] {
        if (patched)
            FileIO::write(target, read.bytes);
        QFile::rename(target, result.oldPath);
        removeMade(*postFolders);
    };
    if (patched) {
        const QString error = FileIO::write(target, bytes);
        if (!error.isEmpty()) {
            undoPost();
            return fail(error + QStringLiteral(" The post keeps its name."));
        }
    }
    if (photos == Photos::Move) {
        const std::optional<QStringList> photoFolders =
            makePath(QFileInfo(to.folder).absolutePath());
        if (!photoFolders || !QDir().rename(from.folder, to.folder)) {
            if (photoFolders)
                removeMade(*photoFolders);
            // The post goes back too, so that its links and its photos never disagree.
            undoPost();
            return fail(QStringLiteral("cannot move %1 to %2; nothing was changed")
                            .arg(from.folder, to.folder));
        }
        removeEmptyParents(from.folder, to.folder);
    } else if (photos == Photos::AlreadyThere) {
        // The same files are at the new place: the old copy goes, last, as it cannot be undone.
        QDir(from.folder).removeRecursively();
        removeEmptyParents(from.folder, to.folder);
    }
    result.newPath = target;
    return result;
}

} // namespace Meetdown
