#ifndef MEETDOWN_EDITOR_SITEINDEX_H
#define MEETDOWN_EDITOR_SITEINDEX_H

#include <QStringList>

namespace Meetdown {

class Site;

// What the form offers from a site: its layouts, and the authors, tags and categories its
// posts already use, most used first. Reads every post, so the window runs it off the GUI thread.
struct SiteIndex
{
    QStringList layouts;
    QStringList authors;
    QStringList tags;
    QStringList categories;

    static SiteIndex scan(const Site &site);
};

} // namespace Meetdown

#endif
