// SiteIndex::scan, which New Meetup Report runs before its window opens (the template follows the
// keys the site's posts use): milliseconds for sites of 500 to 8,000 posts of a typical size.
#include "editor/site.h"
#include "editor/siteindex.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>

using namespace Meetdown;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::printf("%10s %10s %12s\n", "posts", "ms", "us/post");
    for (const int count : {500, 1000, 2000, 4000, 8000}) {
        QTemporaryDir dir;
        QDir root(dir.path());
        root.mkpath(QStringLiteral("_posts"));
        QFile config(root.filePath(QStringLiteral("_config.yml")));
        if (!config.open(QIODevice::WriteOnly) || config.write("title: Bench\ntimezone: UTC\n") < 0)
            return 1;
        config.close();
        QByteArray body;
        for (int p = 0; p < 12; ++p)
            body += "A paragraph about the talk, who gave it and what it was about, with a "
                    "[link](https://example.org/slides) and a ![photo](/img/x.jpg).\n\n";
        for (int i = 0; i < count; ++i) {
            const QDate date = QDate(2000, 1, 1).addDays(i);
            QFile post(root.filePath(
                QStringLiteral("_posts/%1-meetup-%2.md").arg(date.toString(Qt::ISODate)).arg(i)));
            const QByteArray bytes =
                "---\nlayout: post\ntitle: \"Meetup " + QByteArray::number(i) +
                "\"\nauthor: Organizer\ndate: " + date.toString(Qt::ISODate).toUtf8() +
                " 18:30:00 +0100\ntags: [meetup, talks]\ncategories: [reports]\n"
                "image: /img/x.jpg\ndescription: What happened at the meetup\n---\n" +
                body;
            if (!post.open(QIODevice::WriteOnly) || post.write(bytes) != bytes.size())
                return 1;
        }
        const Site site = Site::load(dir.path());
        QElapsedTimer timer;
        timer.start();
        const SiteIndex index = SiteIndex::scan(site);
        const qint64 ms = timer.elapsed();
        if (index.commonKeys.isEmpty())
            return 1;
        std::printf("%10d %10lld %12.1f\n", count, static_cast<long long>(ms),
                    1000.0 * static_cast<double>(ms) / count);
    }
    return 0;
}
