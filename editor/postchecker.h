#ifndef MEETDOWN_EDITOR_POSTCHECKER_H
#define MEETDOWN_EDITOR_POSTCHECKER_H

#include "diagnostic.h"

#include <QDateTime>
#include <QString>

namespace Meetdown {

class Post;
class Site;

// What Jekyll will do with a post that its author may not expect.
class PostChecker final
{
public:
    // path is the post's file; site may be invalid (a post outside any site).
    static Diagnostics check(const QString &path, const Post &post, const Site &site,
                             const QDateTime &now = QDateTime::currentDateTime());

    PostChecker() = delete;
};

} // namespace Meetdown

#endif
