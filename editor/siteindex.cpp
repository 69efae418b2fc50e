#include "siteindex.h"

#include "fileio.h"
#include "jekyllyaml.h"
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

// The shapes one key's values take across the posts, to name the field type that fits them all.
struct Shapes
{
    int posts = 0;
    bool boolean = false, number = false, dateTime = false, text = false, multiLine = false,
         list = false, map = false;

    void add(const QVariant &value)
    {
        ++posts;
        const int id = value.typeId();
        if (!value.isValid() || value.isNull())
            return;
        if (id == qMetaTypeId<YamlMap>())
            map = true;
        else if (id == QMetaType::QVariantList) {
            list = true;
            // A list of mappings (speakers with names and links) is no list of words.
            for (const QVariant &item : value.toList())
                map = map || item.typeId() == qMetaTypeId<YamlMap>() ||
                      item.typeId() == QMetaType::QVariantList;
        } else if (id == QMetaType::Bool)
            boolean = true;
        else if (id == QMetaType::LongLong || id == QMetaType::Int || id == QMetaType::Double)
            number = true;
        else if (id == QMetaType::QDate || id == QMetaType::QDateTime)
            dateTime = true;
        else {
            text = true;
            multiLine = multiLine || value.toString().trimmed().contains(QLatin1Char('\n'));
        }
    }

    QString typeName(const QString &key) const
    {
        if (map)
            return QString();
        if (list)
            return key == QLatin1String("tags") ? QStringLiteral("tags") : QStringLiteral("list");
        const int kinds = int(boolean) + int(number) + int(dateTime) + int(text);
        if (kinds == 1 && boolean)
            return QStringLiteral("boolean");
        if (kinds == 1 && number)
            return QStringLiteral("number");
        if (kinds == 1 && dateTime)
            return QStringLiteral("datetime");
        return multiLine ? QStringLiteral("text") : QStringLiteral("string");
    }
};

} // namespace

SiteIndex SiteIndex::scan(const Site &site)
{
    SiteIndex index;
    if (!site.isValid())
        return index;
    const QDir root(site.root());
    for (const QString &name :
         QDir(root.filePath(QStringLiteral("_layouts"))).entryList(QDir::Files))
        index.layouts.append(QFileInfo(name).completeBaseName());
    Counter authors, tags, categories;
    QHash<QString, Shapes> keys;
    QStringList keyOrder;
    int posts = 0;
    for (const QString &rel : site.postFiles() + site.draftFiles()) {
        const ReadResult read = FileIO::read(root.filePath(rel), 4 * 1024 * 1024);
        if (!read.error.isEmpty())
            continue;
        const Post post = Post::fromBytes(read.bytes);
        if (!post.frontMatterLoaded())
            continue;
        ++posts;
        for (const auto &entry : post.values()) {
            if (!keys.contains(entry.first))
                keyOrder.append(entry.first);
            keys[entry.first].add(entry.second);
        }
        authors.add(post.value(QStringLiteral("author")));
        authors.add(post.value(QStringLiteral("authors")));
        tags.addWords(post.value(QStringLiteral("tags")));
        categories.addWords(post.value(QStringLiteral("categories")));
        categories.add(post.value(QStringLiteral("category")));
    }
    index.authors = authors.mostUsedFirst();
    index.tags = tags.mostUsedFirst();
    index.categories = categories.mostUsedFirst();
    for (const QString &key : keyOrder) {
        if (2 * keys.value(key).posts > posts)
            index.commonKeys.append(key);
    }
    // Most used first; keys used as often keep the order the posts first show them in.
    std::stable_sort(index.commonKeys.begin(), index.commonKeys.end(),
                     [&keys](const QString &a, const QString &b) {
                         return keys.value(a).posts > keys.value(b).posts;
                     });
    for (const QString &key : index.commonKeys)
        index.commonKeyTypes.insert(key, keys.value(key).typeName(key));
    return index;
}

} // namespace Meetdown
