#ifndef MEETDOWN_EDITOR_DRAFTPUBLISHER_H
#define MEETDOWN_EDITOR_DRAFTPUBLISHER_H

#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace Meetdown {

struct PublishResult
{
    QString newPath;     // absolute path of the post in _posts; empty on failure
    QString photoFolder; // where the photos went, when a folder moved
    QString error;       // empty on success; on failure nothing on disk changed
    bool ok() const { return error.isEmpty(); }
};

// File > Publish Draft: `_drafts/slug.md` becomes `_posts/YYYY-MM-DD-slug.md` with `date` set,
// and the draft's photo folder moves along with the links to it. Only the date line and the
// link bytes change; nothing is ever overwritten.
class DraftPublisher final
{
public:
    static PublishResult publish(const QString &draftPath, const QString &siteRoot,
                                 const QDateTime &now, const QTimeZone &zone);
    // The body with every link into oldPrefix's folder pointing into newPrefix's instead.
    // Prefixes as PhotoDestination::linkPrefix gives them.
    static QByteArray rewriteLinks(const QByteArray &body, const QString &oldPrefix,
                                   const QString &newPrefix);

    DraftPublisher() = delete;
};

} // namespace Meetdown

#endif
