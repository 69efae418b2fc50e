#ifndef MEETDOWN_EDITOR_FRONTMATTERFORM_H
#define MEETDOWN_EDITOR_FRONTMATTERFORM_H

#include "fieldcheck.h"
#include "fieldedit.h"
#include "post.h"
#include "siteschema.h"

#include <QDate>
#include <QSet>
#include <QStringList>
#include <QTimeZone>
#include <QWidget>

#include <map>
#include <memory>
#include <optional>
#include <vector>

class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QToolButton;
class QVBoxLayout;

namespace Meetdown {

// What the form needs from the site, computed by the window so that the form never reads disks.
struct FormContext
{
    QTimeZone timeZone = QTimeZone::systemTimeZone(); // dates are shown and written in it
    QStringList layouts; // names of the site's _layouts files; empty offers just "post"
    QStringList authors; // completions, from the site's other posts
    QStringList tags;
    QStringList categories;
    QString siteRoot; // an image chosen inside it is written as "/path/in/site.png"
    // The fields the form shows, in order; an empty schema stands for the seed fields.
    SiteSchema schema = SiteSchema::seed();
    // The site's front matter defaults for this post: a required field they set is not missing.
    YamlMap defaults;
};

// The front matter as a form: the fields of the site's schema (by default the seed fields layout,
// title, author, date, tags, categories, description, image, featured, hidden) with fitting
// widgets, every other key as raw YAML under "More fields", and Jekyll's reading of each value and
// the schema's rules (required, options, type) checked at its field. The seed keys keep their own
// widgets whatever type the schema gives them; a hidden field has no widget, and its key, when
// the file has it, stays under More fields so that no byte of the file is out of reach.
//
// The form never edits the post itself: it emits editRequested, the window applies the edit
// (through its undo stack) and calls setPost again. An edit is emitted only when it applies to
// the post the form shows, so the window never has to reject one.
//
// Clearing a text field writes a bare `key:` (null, FieldEdit::Kind::Yaml with empty text)
// rather than removing the key or writing `""`: the line and its place stay where the author
// put them, as the seed posts' own `image:` does, and to Liquid null is "not set" where "" would
// still be true. A key the file did not have when it was opened is removed instead, as is a
// check box switched back off or a tag list emptied, so that undoing by hand gives back the
// file's own bytes. Otherwise keys are removed only with the × of a "More fields" row.
//
// "When it was opened": the form is not told about files, so it takes a setPost whose body and
// front matter both differ from the shown post's (and that is not the result of the form's own
// edit) as another file. The window's posts keep the body as loaded, so its front-matter edits,
// undo, redo and raw-text edits never look like another file.
//
// Widgets are named for tests and automation: "field_<key>" for each field's editor,
// "field_<key>_now" and "field_<key>_choose" for the buttons of date and image fields,
// "field_<key>_typed" for the text typed into a date field (shown only while there is some),
// "help_<key>" for a field's help caption,
// "extra_<key>" and "remove_<key>" for More fields, "issue_<key>" for a field's issue marker,
// "newKeyName", "newKeyValue", "newKeyAdd", "errorBanner", "showRawButton", "moreFieldsToggle".
class FrontMatterForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FrontMatterForm)
public:
    explicit FrontMatterForm(QWidget *parent = nullptr);
    ~FrontMatterForm() override;

    // Shows the post without emitting an edit (invalidFieldsChanged may follow). A field the user
    // is typing in is left alone (text and cursor) while its value in the post is what it shows
    // or what it showed before; cheap enough to call after every keystroke in the body. Another
    // file (see the class comment) resets every field, typed text included.
    void setPost(const Post &post);
    Post post() const { return m_post; }
    // A schema with other fields rebuilds the fields, but never under the user's hands: while a
    // field holds input still in progress (a word typed in a tag box, a field typed into that
    // still has focus, a date being typed, an open popup) or text the post refused
    // (invalidFields()), the old fields stay, and nothing is committed for the rebuild. It
    // follows when that is over (focus leaves the field, the word is added or cleared, the text
    // is fixed) or when another file is shown, keeping the focused field and its cursor.
    void setSite(const FormContext &context);
    FormContext site() const { return m_context; }

    // The seed keys in the order the form shows them.
    static QStringList fieldKeys();
    // The keys that have a widget under the current schema, in form order.
    QStringList shownKeys() const;
    // The keys shown under "More fields", in file order.
    QStringList extraKeys() const;
    // The text of the issue shown at a key's field, empty when there is none.
    QString issueText(const QString &key) const;

    // The keys whose editor holds text the form could not apply to the post (YAML that does not
    // parse under More fields, a value the post refuses), in form order. That text is in no
    // saved byte: ask before saving or closing. Text still waiting for the typing pause is
    // checked too. invalidFieldsChanged is emitted when the list changes.
    QStringList invalidFields() const;
    // Emits now what still waits for the typing pause (description, More fields, a tag being
    // typed), so that a save right after typing includes it; then invalidFields() is current.
    void commitPendingEdits();

    // The date in the post's file name (Jekyll's date when the post has no date key), or an
    // invalid date. Shown in the date field while the post has no date.
    void setFileDate(const QDate &date);
    QDate fileDate() const { return m_fileDate; }

    // Wide enough for the widest row next to the scroll bar, so a splitter cannot cut rows off.
    QSize minimumSizeHint() const override;

signals:
    void invalidFieldsChanged();
    void editRequested(const Meetdown::FieldEdit &edit);
    void rawFrontMatterRequested();
    // An image file picked or dropped from the disk, so the window can copy it into the site.
    void imageFileChosen(const QString &localPath);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Field;
    struct ExtraRow;

    void buildFields();
    // Rebuilds the fields for m_context.schema once no typed text would be lost; see setSite.
    void rebuildFields();
    void tryPendingRebuild();
    // The form's widget that has the focus (its window's, when that is inactive), popups and
    // dialogs of its fields included; nullptr when the focus is elsewhere.
    QWidget *focusedInForm() const;
    // Whether a rebuild now would take something from the user; see setSite.
    bool inputInProgress() const;
    // Emits what waits for the typing pause, whole; the words typed in token editors as well
    // when typedWords (a save wants them, a rebuild must not make them items).
    void flushEdits(bool typedWords);
    void flushIdleEdits();
    void buildMoreFields(QVBoxLayout *layout);
    Field *field(const QString &key) const;
    ExtraRow *createExtraRow(const QString &key);
    void refreshSeedField(Field &f);
    void clearSeedField(Field &f, bool values);
    void refreshExtras();
    void refreshInvalid();
    bool isNewFile(const Post &post) const;
    void refreshIssues();
    void refreshBanner();
    void refreshDateZone();
    void applyContext();
    void updateStyles();

    // Emits the edit if it applies to the shown post; else returns why not.
    QString request(const FieldEdit &edit);
    void emitText(Field &f, const QString &text);
    // The edit for a field emptied or switched off: a key the file did not have when it was
    // opened is removed, so the bytes return to the file's own; else the kept edit.
    FieldEdit clearedEdit(const QString &key, const FieldEdit &kept) const;
    // What a check box stands for while its key is missing from the file (the site's front
    // matter defaults, Jekyll's own default for `published`, the schema's default), with why;
    // std::nullopt when nothing gives it a value.
    std::optional<std::pair<bool, QString>> missingValue(const Field &f) const;
    void setFieldError(Field &f, const QString &error);
    void emitExtra(ExtraRow &row);
    void addNewKey();
    void emitNumber(Field &f, const QString &text);
    // Writes a date field's date (wall-clock digits, as the field holds them) unless the post
    // has it already.
    void emitDate(Field &f, const QDateTime &shown);
    // Applies the text typed into a date field once typing is over, when it is a whole date;
    // else leaves the text in place and shows why it was not written.
    void commitTypedDate(Field &f);
    void emitSelect(Field &f, int index);
    // The edit for a token field's new items.
    FieldEdit listEdit(const Field &f, const QStringList &items) const;
    void chooseImage(Field &f);
    void useImage(Field &f, const QString &pathOrUrl, bool localFile);
    void setIssue(QWidget *box, QLabel *marker, QLabel *caption, QWidget *editor,
                  const QList<FieldIssue> &issues);

    Post m_post;
    FormContext m_context;
    SiteSchema m_schema; // the schema the fields were built for
    bool m_rebuildPending = false;
    QList<FieldIssue> m_issues;
    bool m_updating = false;
    bool m_closing = false;
    bool m_shownAny = false;
    // The keys of the file as opened (see the class comment); pending until its YAML parses.
    QSet<QString> m_originalKeys;
    bool m_originalPending = true;
    QByteArray m_requested; // the front matter the form's last edit asked for
    QDate m_fileDate;
    QStringList m_invalid; // as last announced with invalidFieldsChanged

    std::vector<std::unique_ptr<Field>> m_fields;
    std::map<QString, std::unique_ptr<ExtraRow>> m_extras;
    QStringList m_extraOrder;

    QScrollArea *m_scroll = nullptr;
    QFrame *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QPushButton *m_showRaw = nullptr;
    QWidget *m_formArea = nullptr;
    QVBoxLayout *m_content = nullptr;
    QWidget *m_fieldsHolder = nullptr; // the fields' rows; replaced when the schema changes
    QToolButton *m_moreToggle = nullptr;
    QWidget *m_moreArea = nullptr;
    QVBoxLayout *m_extraLayout = nullptr;
    QLabel *m_noExtras = nullptr;
    QLineEdit *m_newKey = nullptr;
    QLineEdit *m_newValue = nullptr;
    QPushButton *m_newAdd = nullptr;
    QLabel *m_newError = nullptr;
};

} // namespace Meetdown

#endif
