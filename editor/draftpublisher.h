#ifndef MEETDOWN_EDITOR_DRAFTPUBLISHER_H
#define MEETDOWN_EDITOR_DRAFTPUBLISHER_H

#include "postrenamer.h"

#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace Meetdown {

// newPath is the post in _posts; on failure nothing on disk changed.
using PublishResult = RenameResult;

// File > Publish Draft: `_drafts/slug.md` becomes `_posts/YYYY-MM-DD-slug.md` with `date` set,
// and the draft's photo folder moves along with the links to it (PostRenamer::moveTo). Only the
// date line and the link bytes change; nothing is ever overwritten.
class DraftPublisher final
{
public:
    static PublishResult publish(const QString &draftPath, const QString &siteRoot,
                                 const QDateTime &now, const QTimeZone &zone);

    DraftPublisher() = delete;
};

} // namespace Meetdown

#endif
