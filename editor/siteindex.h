#ifndef MEETDOWN_EDITOR_SITEINDEX_H
#define MEETDOWN_EDITOR_SITEINDEX_H

#include <QHash>
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
    // The front-matter keys more than half of the posts use, most used first, for
    // SiteSchema::load.
    QStringList commonKeys;
    // The FieldSpec::typeName of each common key's values, taken together: "boolean", "number"
    // or "datetime" when every value is one, "list" or "tags" when any is a list (Jekyll splits
    // a string), else "string" ("text" when one spans lines); empty when one is a mapping.
    QHash<QString, QString> commonKeyTypes;

    static SiteIndex scan(const Site &site);
};

} // namespace Meetdown

#endif
