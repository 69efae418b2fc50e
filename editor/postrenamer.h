#ifndef MEETDOWN_EDITOR_POSTRENAMER_H
#define MEETDOWN_EDITOR_POSTRENAMER_H

#include <QByteArray>
#include <QString>
#include <QTimeZone>

#include <optional>

namespace Meetdown {

class Post;

struct NameSuggestion
{
    QString name;    // the file name, without folder; empty when there is none to offer
    QString problem; // why a name cannot be worked out (no title, a date Jekyll cannot read)
    bool titleChanged = false; // offeredName only: what changed since the baseline
    bool dateChanged = false;
};

struct RenameResult
{
    QString oldPath;        // absolute
    QString newPath;        // absolute; empty on failure
    QString oldPhotoFolder; // the folder that moved (or would move), when one did
    QString photoFolder;    // where it went
    int linksRewritten = 0; // links into the photo folder that now point into the new one
    // For the user, when other posts keep their photos in the post's folder too: it stays, and
    // so do the links. "photos stay in assets/photos/meetup: 2014-08-23-meetup.md uses them too"
    QString photosStay;
    // Other posts whose {% post_url %} or {% link %} named the renamed post and now name it
    // again (rename only; in DryRun, those that would be updated). Without this Jekyll stops the
    // build. The renamed post's own tags change with it and are not listed.
    QStringList postsUpdated;
    // For the user: a post that still names the old file because it could not be written.
    QString postsNotUpdated;
    QString error; // for the user; on failure the disk is as it was before
    bool ok() const { return error.isEmpty(); }
};

// Renaming a post to match its title and date: `_posts/YYYY-MM-DD-slug.md` or
// `_drafts/slug.md`. The post's photo folder (PhotoImporter::destinationFor) moves with it, and
// the links into that folder are rewritten; no other byte of the post changes. Nothing is ever
// overwritten, and a failure halfway puts back what was already done. A folder that other posts
// use too stays where it is, and nothing is deleted that is not verifiably a second copy.
class PostRenamer final
{
public:
    // The name the post should have now: the slug from the title, the date from front matter
    // `date` in zone (else the date the name has); drafts have no date. The extension stays.
    // A name another file has is not given (problem says so): the rename would refuse it. A
    // numbered name the post already has ("-2", as a new post gets it) matches.
    static NameSuggestion suggestedName(const QString &path, const Post &post,
                                        const QTimeZone &zone);
    // The name to offer after a save: only when the title or the date differs from baseline (the
    // post as opened) and the name no longer matches. A slug the user chose by hand, one that is
    // not the old title's, survives a change of date alone.
    static NameSuggestion offeredName(const QString &path, const Post &baseline, const Post &post,
                                      const QTimeZone &zone);

    enum class Mode
    {
        Apply,
        DryRun
    };
    // Renames the post within its folder. DryRun checks everything and says what would happen.
    static RenameResult rename(const QString &oldPath, const QString &newName,
                               Mode mode = Mode::Apply);
    // What rename and DraftPublisher share: the post moves to newPath (any folder), written as
    // content when given, with its photo folder and the links into it.
    static RenameResult moveTo(const QString &oldPath, const QString &newPath,
                               const std::optional<QByteArray> &content = std::nullopt,
                               Mode mode = Mode::Apply);

    // The text with every link into oldPrefix's folder pointing into newPrefix's instead.
    // Prefixes as PhotoDestination::linkPrefix gives them.
    static QByteArray rewriteLinks(const QByteArray &text, const QString &oldPrefix,
                                   const QString &newPrefix);

    PostRenamer() = delete;
};

} // namespace Meetdown

#endif
