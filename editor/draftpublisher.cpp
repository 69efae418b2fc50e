#include "draftpublisher.h"

#include "fileio.h"
#include "jekyllrules.h"
#include "photoimporter.h"
#include "post.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

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

} // namespace

QByteArray DraftPublisher::rewriteLinks(const QByteArray &body, const QString &oldPrefix,
                                        const QString &newPrefix)
{
    const QByteArray from = rootedPart(oldPrefix).toUtf8();
    const QByteArray to = rootedPart(newPrefix).toUtf8();
    if (from.isEmpty() || from == to)
        return body;
    QByteArray out;
    out.reserve(body.size());
    qsizetype pos = 0;
    while (true) {
        const qsizetype hit = body.indexOf(from, pos);
        if (hit < 0)
            break;
        // Only where a link starts: "/x/" inside "/other/x/" names another folder.
        const bool atStart = hit == 0 || startsLink(body.at(hit - 1));
        out.append(body.mid(pos, hit - pos));
        out.append(atStart ? to : from);
        pos = hit + from.size();
    }
    out.append(body.mid(pos));
    return out;
}

PublishResult DraftPublisher::publish(const QString &draftPath, const QString &siteRoot,
                                      const QDateTime &now, const QTimeZone &zone)
{
    PublishResult result;
    const QFileInfo draft(draftPath);
    const QDir root(siteRoot);
    if (!draft.isFile()) {
        result.error = QStringLiteral("%1 does not exist").arg(draftPath);
        return result;
    }
    if (draft.absolutePath() !=
        QFileInfo(root.filePath(QStringLiteral("_drafts"))).absoluteFilePath()) {
        result.error = QStringLiteral("%1 is not in the site's _drafts folder").arg(draftPath);
        return result;
    }
    const QString slug = draft.completeBaseName();
    const QString extension =
        draft.suffix().isEmpty() ? QString() : QLatin1Char('.') + draft.suffix();
    const QDate day = now.toTimeZone(zone).date();
    // postFileName always says .md; the draft keeps its own (.markdown stays .markdown).
    const QString newName = JekyllRules::postFileName(day, slug).chopped(3) + extension;
    const QString newPath = root.filePath(QStringLiteral("_posts/") + newName);
    if (QFileInfo::exists(newPath)) {
        result.error = QStringLiteral("%1 already exists; nothing was changed").arg(newPath);
        return result;
    }

    const ReadResult read = FileIO::read(draftPath, Post::MaxEditableBytes);
    if (!read.error.isEmpty()) {
        result.error = QStringLiteral("%1: %2").arg(draftPath, read.error);
        return result;
    }
    Post post = Post::fromBytes(read.bytes);
    const QString dateError =
        post.setValueYaml(QStringLiteral("date"), JekyllRules::formatDate(now, zone));
    if (!dateError.isEmpty()) {
        result.error = QStringLiteral("%1: %2").arg(draftPath, dateError);
        return result;
    }

    // Both destinations are worked out before anything moves: the site's detected folder
    // convention must not change under us halfway.
    const PhotoDestination from = PhotoImporter::destinationFor(draft.absoluteFilePath());
    const PhotoDestination to = PhotoImporter::destinationFor(newPath);
    const bool movePhotos = from.error.isEmpty() && to.error.isEmpty() &&
                            from.folder != to.folder && QFileInfo(from.folder).isDir();
    if (movePhotos) {
        if (QFileInfo::exists(to.folder)) {
            result.error = QStringLiteral("%1 already exists; nothing was changed").arg(to.folder);
            return result;
        }
    }
    QByteArray bytes = post.toBytes();
    if (movePhotos) {
        // The body is the tail of the file; swapping it as bytes keeps mixed line endings as they
        // are.
        const QByteArray body = post.bodyBytes();
        bytes = bytes.left(bytes.size() - body.size()) +
                rewriteLinks(body, from.linkPrefix, to.linkPrefix);
    }

    if (!root.mkpath(QStringLiteral("_posts"))) {
        result.error =
            QStringLiteral("cannot create %1").arg(root.filePath(QStringLiteral("_posts")));
        return result;
    }
    // Rename first (it never overwrites), then patch: the file is never in two places.
    if (!QFile::rename(draft.absoluteFilePath(), newPath)) {
        result.error = QStringLiteral("cannot move %1 to %2").arg(draftPath, newPath);
        return result;
    }
    const QString writeError = FileIO::write(newPath, bytes);
    if (!writeError.isEmpty()) {
        QFile::rename(newPath, draft.absoluteFilePath());
        result.error = writeError;
        return result;
    }
    if (movePhotos) {
        QDir().mkpath(QFileInfo(to.folder).absolutePath());
        if (!QDir().rename(from.folder, to.folder)) {
            // Undo the post so that the links and the photos never disagree.
            FileIO::write(newPath, read.bytes);
            QFile::rename(newPath, draft.absoluteFilePath());
            result.error = QStringLiteral("cannot move %1 to %2").arg(from.folder, to.folder);
            return result;
        }
        result.photoFolder = to.folder;
    }
    result.newPath = newPath;
    return result;
}

} // namespace Meetdown
