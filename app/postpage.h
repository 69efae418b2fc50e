#ifndef MEETDOWN_APP_POSTPAGE_H
#define MEETDOWN_APP_POSTPAGE_H

#include <preview/htmlpage.h>
#include <preview/markdownrenderer.h>

namespace Meetdown {

class Post;
class Site;

// Joins the post model and the renderer, which do not know each other.
class PostPage final
{
public:
    static PostHeader header(const Post &post, const Site &site);
    static RenderResult renderBody(const Post &post, bool sourceLines);
    static QByteArray standalone(const Post &post, const Site &site, const QByteArray &bodyHtml);

    PostPage() = delete;
};

} // namespace Meetdown

#endif
