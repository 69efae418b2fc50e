#include "draftpublisher.h"

#include "fileio.h"
#include "jekyllrules.h"
#include "post.h"

#include <QDir>
#include <QFileInfo>

namespace Meetdown {

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
    return PostRenamer::moveTo(draft.absoluteFilePath(), newPath, post.toBytes());
}

} // namespace Meetdown
