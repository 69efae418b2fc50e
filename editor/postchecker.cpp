#include "postchecker.h"

#include "jekyllrules.h"
#include "post.h"
#include "site.h"

#include <QDir>
#include <QFileInfo>

namespace Meetdown {

Diagnostics PostChecker::check(const QString &path, const Post &post, const Site &site,
                               const QDateTime &now)
{
    Diagnostics out;
    auto add = [&](Diagnostic::Severity severity, int line, const QString &message) {
        out.append({severity, line, line > 0 ? 1 : 0, message});
    };
    const auto error = Diagnostic::Severity::Error;
    const auto warning = Diagnostic::Severity::Warning;

    if (!post.isEditable())
        add(error, post.refusalLine(), post.refusal());
    out += post.diagnostics();

    const QTimeZone zone = site.isValid() ? site.timeZone() : QTimeZone::systemTimeZone();
    const QFileInfo info(path);
    const QString fileName = info.fileName();
    const QStringList dirs =
        QDir::fromNativeSeparators(info.absolutePath()).split(QLatin1Char('/'));
    const bool inPosts = dirs.contains(QStringLiteral("_posts"));
    const PostFileName name = JekyllRules::parsePostFileName(fileName);

    if (inPosts) {
        if (JekyllRules::isIgnoredName(fileName)) {
            add(warning, 0,
                QStringLiteral("Jekyll ignores files whose names start with '.', '_' or "
                               "'#' or end with '~'; this post will not be published"));
        } else if (!name.matches) {
            add(warning, 0,
                QStringLiteral("Jekyll skips this file without a word: a post's name "
                               "must be YYYY-MM-DD-title.md"));
        } else if (!name.date.isValid()) {
            add(error, 0,
                QStringLiteral("the file name's date is not a real date; Jekyll stops "
                               "the build on it"));
        } else if (!JekyllRules::isMarkdownExtension(name.extension)) {
            add(warning, 0,
                QStringLiteral("'%1' is not a Markdown extension; Jekyll will not "
                               "convert this post to HTML")
                    .arg(name.extension));
        }
    }

    if (!post.frontMatterLoaded())
        return out;

    const int dateLine = post.keyLine(QStringLiteral("date"));
    std::optional<QDateTime> date;
    if (post.contains(QStringLiteral("date"))) {
        date = JekyllRules::postDate(post.value(QStringLiteral("date")), zone);
        if (!date) {
            add(error, dateLine,
                QStringLiteral("Jekyll cannot read this date; write it as "
                               "YYYY-MM-DD HH:MM:SS +ZZZZ"));
        }
    } else if (name.matches && name.date.isValid()) {
        date = QDateTime(name.date, QTime(0, 0), zone);
    }
    if (date && inPosts && name.matches && name.date.isValid() &&
        post.contains(QStringLiteral("date"))) {
        const QDate local = date->toTimeZone(zone).date();
        if (local != name.date) {
            QString message =
                QStringLiteral("the date %1 differs from the file name's %2; Jekyll uses %1, so "
                               "the post's URL changes")
                    .arg(local.toString(Qt::ISODate), name.date.toString(Qt::ISODate));
            // "2024-01-01 23:30 -0800" is January 2nd in UTC: say why the days differ.
            if (date->date() != local)
                message += QStringLiteral(" (the front matter says %1 at its own UTC offset; "
                                          "that is %2 in the site's time zone, %3)")
                               .arg(date->date().toString(Qt::ISODate), local.toString(Qt::ISODate),
                                    QString::fromUtf8(zone.id()));
            add(warning, dateLine, message);
        }
    }
    if (date && *date > now) {
        add(warning, dateLine,
            QStringLiteral("the post is dated in the future (%1); Jekyll hides it until then")
                .arg(JekyllRules::formatDate(*date, zone)));
    }
    // Text from the meetup-report template that was never replaced.
    static const QList<QLatin1String> templateText = {
        QLatin1String("title of the talk"), QLatin1String("name of the speaker"),
        QLatin1String("What the talk was about, in a paragraph or two."),
        QLatin1String("https://example.com/slides")};
    const QString body = post.body();
    for (const QLatin1String &text : templateText) {
        const qsizetype at = body.indexOf(text);
        if (at >= 0) {
            add(warning, post.bodyFirstLine() + int(body.left(at).count(QLatin1Char('\n'))),
                QStringLiteral("template text is still here: \"%1\"").arg(text));
        }
    }
    const QVariant published = post.value(QStringLiteral("published"));
    if (published.typeId() == QMetaType::Bool && !published.toBool()) {
        add(warning, post.keyLine(QStringLiteral("published")),
            QStringLiteral("published: false is set; Jekyll will not publish this post"));
    }
    return out;
}

} // namespace Meetdown
