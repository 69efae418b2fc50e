#ifndef MEETDOWN_APP_POSTPAGE_H
#define MEETDOWN_APP_POSTPAGE_H

#include <preview/htmlpage.h>
#include <preview/liquid.h>
#include <preview/markdownrenderer.h>

namespace Meetdown {

class Post;
class Site;

// Joins the post model and the renderer, which do not know each other.
class PostPage final
{
public:
    // path names the post's file: without a `date`, Jekyll takes the date from its name.
    static PostHeader header(const Post &post, const Site &site, const QString &path = {});
    // The body as Jekyll converts it: Liquid (site, page, post_url…), then kramdown's reading
    // of the Markdown. site may be invalid (a file outside a site); path names the post's file.
    static RenderResult renderBody(const Post &post, const Site &site, const QString &path,
                                   bool sourceLines);
    static RenderResult renderBody(const Post &post, bool sourceLines);
    // The same in two steps, for a view that renders elsewhere (the window's preview renders
    // off-thread): the body text after Liquid, and the options to render it with.
    static QByteArray expandLiquid(const Post &post, const QByteArray &body, const Site &site,
                                   const QString &path);
    static RenderOptions renderOptions(const Post &post, bool sourceLines);

    // What Liquid sees as `site` and `page` for this post, and how post_url finds other posts.
    static LiquidContext liquidContext(const Post &post, const Site &site, const QString &path);
    // The {% post_url %} tags whose post the site does not have (Jekyll refuses to build).
    static QList<LiquidIssue> unresolvedPostUrls(const Post &post, const Site &site,
                                                 const QString &path);
    static QByteArray standalone(const Post &post, const Site &site, const QByteArray &bodyHtml,
                                 const QString &path = {});

    PostPage() = delete;
};

} // namespace Meetdown

#endif
