#include "siteindex.h"

#include "fileio.h"
#include "post.h"
#include "site.h"

#include <QDir>
#include <QHash>

#include <algorithm>

namespace Meetdown {

namespace {

class Counter
{
public:
    void add(const QVariant &value)
    {
        if (value.typeId() == QMetaType::QVariantList) {
            for (const QVariant &item : value.toList())
                add(item);
        } else if (value.typeId() == QMetaType::QString) {
            const QString s = value.toString().trimmed();
            if (!s.isEmpty())
                m_counts[s] += 1;
        }
    }
    void addWords(const QVariant &value)
    {
        if (value.typeId() == QMetaType::QString) {
            for (const QString &word : value.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts))
                add(word);
        } else {
            add(value);
        }
    }
    QStringList mostUsedFirst() const
    {
        QStringList keys = m_counts.keys();
        std::sort(keys.begin(), keys.end(), [this](const QString &a, const QString &b) {
            const int ca = m_counts.value(a), cb = m_counts.value(b);
            return ca != cb ? ca > cb : a.localeAwareCompare(b) < 0;
        });
        return keys;
    }

private:
    QHash<QString, int> m_counts;
};

} // namespace

SiteIndex SiteIndex::scan(const Site &site)
{
    SiteIndex index;
    if (!site.isValid())
        return index;
    const QDir root(site.root());
    for (const QString &name : QDir(root.filePath(QStringLiteral("_layouts"))).entryList(QDir::Files))
        index.layouts.append(QFileInfo(name).completeBaseName());
    Counter authors, tags, categories;
    for (const QString &rel : site.postFiles() + site.draftFiles()) {
        const ReadResult read = FileIO::read(root.filePath(rel), 4 * 1024 * 1024);
        if (!read.error.isEmpty())
            continue;
        const Post post = Post::fromBytes(read.bytes);
        if (!post.frontMatterLoaded())
            continue;
        authors.add(post.value(QStringLiteral("author")));
        authors.add(post.value(QStringLiteral("authors")));
        tags.addWords(post.value(QStringLiteral("tags")));
        categories.addWords(post.value(QStringLiteral("categories")));
        categories.add(post.value(QStringLiteral("category")));
    }
    index.authors = authors.mostUsedFirst();
    index.tags = tags.mostUsedFirst();
    index.categories = categories.mostUsedFirst();
    return index;
}

} // namespace Meetdown
