// `meetdown check` of one post with many pictures, as PostChecker and SiteChecker see it: the
// time per picture should stay flat as the post grows (it grew with the post's size before the
// line index). Prints milliseconds for 5k, 10k, 20k and 40k pictures, half of them missing.
#include "editor/post.h"
#include "editor/site.h"
#include "editor/sitechecker.h"

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
    QTemporaryDir dir;
    QDir root(dir.path());
    root.mkpath(QStringLiteral("_posts"));
    root.mkpath(QStringLiteral("img"));
    QFile config(root.filePath(QStringLiteral("_config.yml")));
    if (!config.open(QIODevice::WriteOnly) || config.write("title: Bench\ntimezone: UTC\n") < 0)
        return 1;
    config.close();
    for (int i = 0; i < 40000; i += 2)
        QFile(root.filePath(QStringLiteral("img/p%1.png").arg(i))).open(QIODevice::WriteOnly);
    const Site site = Site::load(dir.path());
    std::printf("%10s %10s %14s\n", "pictures", "ms", "us/picture");
    for (const int count : {5000, 10000, 20000, 40000}) {
        QByteArray bytes = "---\ntitle: P\n---\n";
        for (int i = 0; i < count; ++i)
            bytes += "Talk " + QByteArray::number(i) + " ![photo " + QByteArray::number(i) +
                     "](/img/p" + QByteArray::number(i) + ".png)\n";
        const QString path = root.filePath(QStringLiteral("_posts/2024-01-01-p.md"));
        const Post post = Post::fromBytes(bytes);
        QElapsedTimer timer;
        timer.start();
        const Diagnostics found = SiteChecker::checkPost(path, post, site);
        const qint64 ms = timer.elapsed();
        std::printf("%10d %10lld %14.1f   (%lld findings)\n", count, static_cast<long long>(ms),
                    1000.0 * double(ms) / count, static_cast<long long>(found.size()));
    }
    return 0;
}
