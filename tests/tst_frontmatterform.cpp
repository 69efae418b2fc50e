#include "testutil.h"

#include "editor/fieldedit.h"
#include "editor/frontmatterform.h"
#include "editor/post.h"
#include "editor/site.h"
#include "editor/siteschema.h"
#include "editor/tokeneditor.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCalendarWidget>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateTimeEdit>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSplitter>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using Meetdown::FieldEdit;
using Meetdown::FieldSpec;
using Meetdown::FormContext;
using Meetdown::FrontMatterForm;
using Meetdown::Post;
using Meetdown::SiteSchema;
using Meetdown::TokenEditor;

using TestUtil::Change;
using TestUtil::changeBetween;
using TestUtil::corpusFile;
using TestUtil::linesOf;

namespace {

const QString kSeed =
    QStringLiteral("bangpypers_2021_seed_schema/_posts/2021-03-20-march-meetup.md");
const QString kSpeakers = QStringLiteral("copenhagenjs/_posts/2011-08-03-first-meetup.md");
// No date key: Jekyll takes the file name's date.
const QString kNoDate = QStringLiteral("rirug/_posts/2010-06-24-july-2010-meetup.md");
const QByteArray kDated = "---\n"
                          "layout: post\n"
                          "title: July meetup\n"
                          "date: 2010-06-24 18:30:00 +0530\n"
                          "tags: [ruby]\n"
                          "---\n"
                          "Body\n";
// Longer than the form's pause before it emits a description or a More fields edit.
constexpr int IdleWait = 700;

// The window's part: apply each edit to the post and show the post again, as the undo stack
// will.
class Harness
{
public:
    explicit Harness(const QByteArray &bytes, const FormContext &context = kolkata())
        : post(Post::fromBytes(bytes)), before(bytes)
    {
        form.setSite(context);
        form.setPost(post);
        QObject::connect(&form, &FrontMatterForm::editRequested, &form,
                         [this](const FieldEdit &edit) {
                             edits.append(edit);
                             const QString error = edit.apply(post);
                             if (!error.isEmpty())
                                 errors.append(error);
                             form.setPost(post);
                         });
        form.resize(520, 980);
        form.show();
        QApplication::setActiveWindow(&form);
    }

    static FormContext kolkata()
    {
        FormContext context;
        context.timeZone = QTimeZone("Asia/Kolkata");
        context.layouts = {QStringLiteral("default"), QStringLiteral("page"),
                           QStringLiteral("post")};
        context.authors = {QStringLiteral("rahul"), QStringLiteral("kracekumar")};
        context.tags = {QStringLiteral("python"), QStringLiteral("pandas")};
        context.categories = {QStringLiteral("meetup"), QStringLiteral("workshop")};
        return context;
    }

    template <typename T> T *find(const QString &name)
    {
        T *widget = form.findChild<T *>(name);
        if (!widget)
            qWarning("no widget %s", qPrintable(name));
        return widget;
    }

    // The one line the edits so far changed, or a marker text when it was not exactly one.
    QByteArray changedLine() const
    {
        const Change change = changeBetween(before, post.toBytes());
        if (!errors.isEmpty() || change.added.size() != 1 || change.removed.size() > 1) {
            qWarning("errors %s; -%d +%d lines", qPrintable(errors.join(QLatin1Char(';'))),
                     int(change.removed.size()), int(change.added.size()));
            return QByteArray("<not one line>");
        }
        return change.added.first();
    }

    FrontMatterForm form;
    Post post;
    QByteArray before;
    QList<FieldEdit> edits;
    QStringList errors;
};

void focus(QWidget *widget)
{
    widget->setFocus(Qt::OtherFocusReason);
    QTRY_VERIFY(widget->hasFocus());
}

// Clicks into a date field's text as a user does, at x from its left (negative: from its right).
void clickIntoDate(QDateTimeEdit *date, int x)
{
    auto *text = date->findChild<QLineEdit *>(QStringLiteral("qt_spinbox_lineedit"));
    QVERIFY(text);
    QTest::mouseClick(text, Qt::LeftButton, {},
                      QPoint(x < 0 ? text->width() + x : x, text->height() / 2));
    QTRY_VERIFY(date->hasFocus());
    QCoreApplication::processEvents();
}

FieldSpec spec(const QString &key, FieldSpec::Type type, const QString &label = {},
               bool required = false, const QStringList &options = {},
               const QStringList &optionLabels = {}, const QString &help = {})
{
    FieldSpec f;
    f.key = key;
    f.type = type;
    f.label = label.isEmpty() ? key : label;
    f.required = required;
    f.options = options;
    f.optionLabels = optionLabels.isEmpty() ? options : optionLabels;
    f.help = help;
    return f;
}

// A site that says what its posts have, one field of each type, by hand so that the form's test
// does not depend on how _config.yml is read.
SiteSchema richSchema()
{
    using T = FieldSpec::Type;
    SiteSchema schema;
    schema.source = SiteSchema::Source::Meetdown;
    schema.fields = {
        spec(QStringLiteral("title"), T::String, QStringLiteral("Talk title"), true, {}, {},
             QStringLiteral("As the meetup page shows it")),
        spec(QStringLiteral("layout"), T::Select, {}, false,
             {QStringLiteral("post"), QStringLiteral("talk")}),
        spec(QStringLiteral("level"), T::Select, QStringLiteral("Level"), false,
             {QStringLiteral("beginner"), QStringLiteral("advanced")},
             {QStringLiteral("Beginner"), QStringLiteral("Advanced")}),
        spec(QStringLiteral("topics"), T::MultiSelect, QStringLiteral("Topics"), false,
             {QStringLiteral("rust"), QStringLiteral("go"), QStringLiteral("python")}),
        spec(QStringLiteral("recorded"), T::Boolean, QStringLiteral("Recorded on video")),
        spec(QStringLiteral("attendees"), T::Number, QStringLiteral("Attendees")),
        spec(QStringLiteral("summary"), T::Text, QStringLiteral("Summary")),
        spec(QStringLiteral("starts"), T::DateTime, QStringLiteral("Starts")),
        spec(QStringLiteral("speaker_photo"), T::Image, QStringLiteral("Speaker photo")),
        spec(QStringLiteral("links"), T::List,
             QStringLiteral("Slides, videos and other links from the talks")),
        spec(QStringLiteral("keywords"), T::Tags, QStringLiteral("Keywords"), false,
             {QStringLiteral("systems"), QStringLiteral("web")}),
        spec(QStringLiteral("secret"), T::Hidden),
        spec(QStringLiteral("venue"), T::String, QStringLiteral("Venue"), true),
    };
    return schema;
}

FormContext richContext()
{
    FormContext context = Harness::kolkata();
    context.schema = richSchema();
    context.siteRoot = QStringLiteral("/srv/site");
    return context;
}

const QByteArray kRich = "---\n"
                         "title: Rust and Go night\n"
                         "layout: talk\n"
                         "level: beginner\n"
                         "topics: [rust, go]\n"
                         "recorded: true\n"
                         "attendees: 42\n"
                         "summary: Two talks\n"
                         "starts: 2024-05-01 18:30:00 +0530\n"
                         "speaker_photo: /assets/img/anna.png\n"
                         "links: [slides, video]\n"
                         "keywords: [systems]\n"
                         "secret: 1\n"
                         "venue: Hub\n"
                         "notes: bring snacks\n"
                         "---\n"
                         "Body\n";

} // namespace

class TestFrontMatterForm : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void showsTheSeedPost();
    void typingTitleChangesOneLine();
    void typingInTheMiddleKeepsTheCursor();
    void typingASpaceLeavesNoQuotesBehind();
    void typingTextJekyllWouldMisreadQuotesIt();
    void clearingAFieldLeavesABareKey();
    void authorCompletes();
    void layoutIsAnEditableChoice();
    void checkBoxesWriteBooleans();
    void tokensAddAndRemove();
    void categoriesKeepTheirSpacedFlowStyle();
    void tagsComplete();
    void descriptionEmitsOnceAfterAPause();
    void descriptionFlushesOnFocusOut();
    void dateIsWrittenInTheSiteZone();
    void imageTypedChosenOrDropped();
    void setPostDoesNotEmit();
    void setPostKeepsAFocusedFieldAndItsCursor();
    void setPostUpdatesAFieldChangedElsewhere();
    void setPostKeepsADescriptionWaitingForItsPause();
    void brokenYamlShowsTheErrorAndLocksTheForm();
    void moreFieldsShowUnknownKeys();
    void editingAnUnknownKeyChangesOnlyThatKey();
    void invalidYamlInMoreFieldsIsShownNotEmitted();
    void removeAndAddKeys();
    void valuesThatDoNotFitMoveToMoreFields();
    void issuesAreShownAtTheirFields();
    void invalidMoreFieldsAreReported();
    void invalidNewKeyValueSaysWhere();
    void commitPendingEditsFlushesTyping();
    void bannerShowsItsMessageOnce();
    void longValuesShowTheirStart();
    void narrowPaneCutsNothingOff_data();
    void narrowPaneCutsNothingOff();
    void splitterCannotSqueezeTheForm();
    void fileDateIsShownWithoutADateKey();
    void switchingBackOffRestoresTheBytes();
    void clearingAFieldTheFileDidNotHaveRemovesIt();
    void anotherFileHasItsOwnOriginalKeys();
    void brokenPostShowsEmptyFields();
    void screenshot_data();
    void screenshot();
    void schemaGivesWidgetsByType();
    void defaultSchemaIsTheSeedForm();
    void requiredAndHelpAreShown();
    void selectWritesTheOption();
    void valueOutsideTheOptionsIsKept();
    void multiSelectTakesOnlyOptions();
    void checkBoxNumberAndTextFields();
    void numberRefusesWhatJekyllReadsAsText();
    void dateTimeFieldIsWrittenInTheSiteZone();
    void imageAndListFields();
    void schemaIssuesAreShownAtTheirFields();
    void proseSchemaHidesHiddenFields();
    void proseConfigFromASite();
    void newSchemaRebuildsWithoutLosingTyping();
    void screenshotWithARichSchema();
    void newSchemaLeavesAHalfTypedTagAlone();
    void anotherFileBringsTheWaitingSchema();
    void selectWritesBooleansAndNumbers();
    void selectShowsTheOptionJekyllReads();
    void multiSelectWritesNumbersAsNumbers();
    void issueChangesKeepTheRowsAligned();
    void missingCheckBoxShowsItsDefault();
    void stringOfACustomTagsKeyIsOneItem();
    void typingADateWithoutADateKeyWritesIt();
    void typingADateReplacesTheShownDate();
    void typedTextThatIsNotADateWritesNothing();
};

void TestFrontMatterForm::initTestCase()
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QVERIFY(QTimeZone("Asia/Kolkata").isValid());
}

void TestFrontMatterForm::showsTheSeedPost()
{
    Harness h(corpusFile(kSeed));
    QCOMPARE(h.find<QComboBox>(QStringLiteral("field_layout"))->currentText(),
             QStringLiteral("post"));
    QCOMPARE(h.find<QLineEdit>(QStringLiteral("field_title"))->text(),
             QStringLiteral("Talks – March, 2021"));
    QCOMPARE(h.find<QLineEdit>(QStringLiteral("field_author"))->text(), QStringLiteral("rahul"));
    QCOMPARE(h.find<TokenEditor>(QStringLiteral("field_tags"))->items(),
             QStringList{QStringLiteral("rahul")});
    QCOMPARE(h.find<TokenEditor>(QStringLiteral("field_categories"))->items(),
             (QStringList{QStringLiteral("meetup"), QStringLiteral("talks"),
                          QStringLiteral("workshop")}));
    QCOMPARE(h.find<QPlainTextEdit>(QStringLiteral("field_description"))->toPlainText(),
             QStringLiteral("In collaboration with PythonPune"));
    QCOMPARE(h.find<QLineEdit>(QStringLiteral("field_image"))->text(), QString());
    QVERIFY(h.find<QCheckBox>(QStringLiteral("field_featured"))->isChecked());
    QVERIFY(!h.find<QCheckBox>(QStringLiteral("field_hidden"))->isChecked());
    auto *date = h.find<QDateTimeEdit>(QStringLiteral("field_date"));
    QCOMPARE(date->dateTime(), date->minimumDateTime()); // not set: the file name's date
    QCOMPARE(date->text(), QStringLiteral("Not set"));
    QVERIFY(h.form.extraKeys().isEmpty());
    for (const QString &key : FrontMatterForm::fieldKeys())
        QVERIFY2(h.form.issueText(key).isEmpty(), qPrintable(key));
    QVERIFY(!h.find<QWidget>(QStringLiteral("errorBannerHolder"))->isVisible());
    QVERIFY(h.edits.isEmpty());
}

void TestFrontMatterForm::typingTitleChangesOneLine()
{
    Harness h(corpusFile(kSeed));
    auto *title = h.find<QLineEdit>(QStringLiteral("field_title"));
    focus(title);
    title->selectAll();
    QTest::keyClicks(title, QStringLiteral("April: talks, 2021"));
    QCOMPARE(title->text(), QStringLiteral("April: talks, 2021"));
    QCOMPARE(h.changedLine(), QByteArray("title:  \"April: talks, 2021\"\n"));
    QCOMPARE(h.post.value(QStringLiteral("title")), QVariant(QStringLiteral("April: talks, 2021")));
    QCOMPARE(h.edits.size(), 18);
    QCOMPARE(h.edits.last(),
             FieldEdit::string(QStringLiteral("title"), QStringLiteral("April: talks, 2021"), '"'));
}

void TestFrontMatterForm::typingInTheMiddleKeepsTheCursor()
{
    Harness h(corpusFile(kSeed));
    auto *title = h.find<QLineEdit>(QStringLiteral("field_title"));
    focus(title);
    title->setCursorPosition(5); // after "Talks"
    QTest::keyClicks(title, QStringLiteral(" & demos"));
    QCOMPARE(title->text(), QStringLiteral("Talks & demos – March, 2021"));
    QCOMPARE(title->cursorPosition(), 13);
    QCOMPARE(h.changedLine(), QByteArray("title:  \"Talks & demos – March, 2021\"\n"));
}

void TestFrontMatterForm::typingASpaceLeavesNoQuotesBehind()
{
    Harness h(corpusFile(kSeed));
    auto *author = h.find<QLineEdit>(QStringLiteral("field_author"));
    focus(author);
    author->end(false);
    QTest::keyClicks(author, QStringLiteral(" kumar"));
    QCOMPARE(h.changedLine(), QByteArray("author: rahul kumar\n"));
    QCOMPARE(h.post.value(QStringLiteral("author")), QVariant(QStringLiteral("rahul kumar")));
}

void TestFrontMatterForm::typingTextJekyllWouldMisreadQuotesIt()
{
    Harness h(corpusFile(kSeed));
    auto *author = h.find<QLineEdit>(QStringLiteral("field_author"));
    focus(author);
    author->selectAll();
    QTest::keyClicks(author, QStringLiteral("no"));
    QCOMPARE(h.changedLine(), QByteArray("author: \"no\"\n"));
    QCOMPARE(h.post.value(QStringLiteral("author")), QVariant(QStringLiteral("no")));
    QTest::keyClicks(author, QStringLiteral(" #1"));
    QCOMPARE(h.changedLine(), QByteArray("author: \"no #1\"\n"));
    QCOMPARE(h.post.value(QStringLiteral("author")), QVariant(QStringLiteral("no #1")));
    QVERIFY(h.form.issueText(QStringLiteral("author")).isEmpty());
}

void TestFrontMatterForm::clearingAFieldLeavesABareKey()
{
    Harness h(corpusFile(kSeed));
    auto *author = h.find<QLineEdit>(QStringLiteral("field_author"));
    focus(author);
    author->selectAll();
    QTest::keyClick(author, Qt::Key_Backspace);
    QCOMPARE(h.changedLine(), QByteArray("author: \n"));
    QVERIFY(h.post.contains(QStringLiteral("author")));
    QVERIFY(!h.post.value(QStringLiteral("author")).isValid());
    QCOMPARE(h.edits.last(), FieldEdit::yaml(QStringLiteral("author"), QString()));
    // Typing again in the same visit restores the author's plain style.
    QTest::keyClicks(author, QStringLiteral("anand"));
    QCOMPARE(h.changedLine(), QByteArray("author: anand\n"));
}

void TestFrontMatterForm::authorCompletes()
{
    Harness h(corpusFile(kSeed));
    auto *author = h.find<QLineEdit>(QStringLiteral("field_author"));
    QVERIFY(author->completer());
    QCOMPARE(author->completer()->model()->rowCount(), 2);
    focus(author);
    author->selectAll();
    QTest::keyClicks(author, QStringLiteral("krace"));
    QTRY_VERIFY(author->completer()->popup()->isVisible());
    QCOMPARE(author->completer()->currentCompletion(), QStringLiteral("kracekumar"));
    QTest::keyClick(author->completer()->popup(), Qt::Key_Down);
    QTest::keyClick(author->completer()->popup(), Qt::Key_Return);
    QCOMPARE(author->text(), QStringLiteral("kracekumar"));
    QCOMPARE(h.changedLine(), QByteArray("author: kracekumar\n"));
}

void TestFrontMatterForm::layoutIsAnEditableChoice()
{
    Harness h(corpusFile(kSeed));
    auto *layout = h.find<QComboBox>(QStringLiteral("field_layout"));
    QCOMPARE(layout->count(), 3);
    focus(layout);
    layout->lineEdit()->selectAll();
    QTest::keyClicks(layout->lineEdit(), QStringLiteral("talk"));
    QCOMPARE(h.changedLine(), QByteArray("layout: talk\n"));
    layout->setCurrentIndex(-1);
    QMetaObject::invokeMethod(layout, "activated", Q_ARG(int, 1));
    QCOMPARE(h.changedLine(), QByteArray("layout: page\n"));
    QCOMPARE(h.post.value(QStringLiteral("layout")), QVariant(QStringLiteral("page")));
}

void TestFrontMatterForm::checkBoxesWriteBooleans()
{
    Harness h(corpusFile(kSeed));
    auto *featured = h.find<QCheckBox>(QStringLiteral("field_featured"));
    QTest::mouseClick(featured, Qt::LeftButton, {}, featured->rect().center());
    QCOMPARE(h.changedLine(), QByteArray("featured: false\n"));
    QCOMPARE(h.post.value(QStringLiteral("featured")), QVariant(false));
    QVERIFY(!featured->isChecked());

    Harness h2(corpusFile(kSeed));
    auto *hidden = h2.find<QCheckBox>(QStringLiteral("field_hidden"));
    focus(hidden);
    QTest::keyClick(hidden, Qt::Key_Space);
    QCOMPARE(h2.changedLine(), QByteArray("hidden: true\n"));
    QCOMPARE(h2.post.value(QStringLiteral("hidden")), QVariant(true));
}

void TestFrontMatterForm::tokensAddAndRemove()
{
    Harness h(corpusFile(kSeed));
    auto *tags = h.find<TokenEditor>(QStringLiteral("field_tags"));
    QLineEdit *input = tags->lineEdit();
    focus(input);
    QTest::keyClicks(input, QStringLiteral("python,"));
    QCOMPARE(h.changedLine(), QByteArray("tags: [rahul, python]\n"));
    QCOMPARE(input->text(), QString());
    QTest::keyClicks(input, QStringLiteral("data science"));
    QTest::keyClick(input, Qt::Key_Return);
    QCOMPARE(h.changedLine(), QByteArray("tags: [rahul, python, data science]\n"));
    QCOMPARE(h.post.value(QStringLiteral("tags")).toStringList(),
             (QStringList{QStringLiteral("rahul"), QStringLiteral("python"),
                          QStringLiteral("data science")}));

    QToolButton *remove = nullptr;
    for (auto *button :
         tags->findChildren<QToolButton *>(QLatin1String(TokenEditor::RemoveButtonName))) {
        if (button->property("item").toString() == QLatin1String("rahul"))
            remove = button;
    }
    QVERIFY(remove);
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(h.changedLine(), QByteArray("tags: [python, data science]\n"));

    focus(input);
    QTest::keyClick(input, Qt::Key_Backspace);
    QCOMPARE(h.changedLine(), QByteArray("tags: [python]\n"));
    QCOMPARE(tags->items(), QStringList{QStringLiteral("python")});
    // A duplicate adds nothing and emits nothing.
    const int count = int(h.edits.size());
    QTest::keyClicks(input, QStringLiteral("python,"));
    QCOMPARE(int(h.edits.size()), count);
}

void TestFrontMatterForm::categoriesKeepTheirSpacedFlowStyle()
{
    Harness h(corpusFile(kSeed));
    auto *categories = h.find<TokenEditor>(QStringLiteral("field_categories"));
    focus(categories->lineEdit());
    QTest::keyClicks(categories->lineEdit(), QStringLiteral("sprint"));
    QTest::keyClick(categories->lineEdit(), Qt::Key_Enter);
    QCOMPARE(h.changedLine(), QByteArray("categories: [ meetup, talks, workshop, sprint ]\n"));
}

void TestFrontMatterForm::tagsComplete()
{
    Harness h(corpusFile(kSeed));
    auto *tags = h.find<TokenEditor>(QStringLiteral("field_tags"));
    QLineEdit *input = tags->lineEdit();
    focus(input);
    QTest::keyClicks(input, QStringLiteral("AND"));
    QCompleter *completer = input->completer();
    QTRY_VERIFY(completer->popup()->isVisible());
    QCOMPARE(completer->currentCompletion(), QStringLiteral("pandas"));
    QTest::keyClick(completer->popup(), Qt::Key_Down);
    QTest::keyClick(completer->popup(), Qt::Key_Return);
    QCOMPARE(h.changedLine(), QByteArray("tags: [rahul, pandas]\n"));
    QCOMPARE(h.edits.size(), 1);
    QTRY_COMPARE(input->text(), QString());
    QCOMPARE(tags->items(), (QStringList{QStringLiteral("rahul"), QStringLiteral("pandas")}));
}

void TestFrontMatterForm::descriptionEmitsOnceAfterAPause()
{
    Harness h(corpusFile(kSeed));
    auto *description = h.find<QPlainTextEdit>(QStringLiteral("field_description"));
    focus(description);
    description->moveCursor(QTextCursor::End);
    QSignalSpy spy(&h.form, &FrontMatterForm::editRequested);
    QTest::keyClicks(description, QStringLiteral(" and PyData"));
    QCOMPARE(spy.count(), 0);
    QVERIFY(spy.wait(2000));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(h.changedLine(),
             QByteArray("description: \"In collaboration with PythonPune and PyData\"\n"));
    QCOMPARE(description->toPlainText(),
             QStringLiteral("In collaboration with PythonPune and PyData"));
    QCOMPARE(description->textCursor().position(), int(description->toPlainText().size()));
}

void TestFrontMatterForm::descriptionFlushesOnFocusOut()
{
    Harness h(corpusFile(kSeed));
    auto *description = h.find<QPlainTextEdit>(QStringLiteral("field_description"));
    focus(description);
    description->selectAll();
    QTest::keyClicks(description, QStringLiteral("Three talks"));
    QVERIFY(h.edits.isEmpty());
    focus(h.find<QLineEdit>(QStringLiteral("field_title")));
    QCOMPARE(h.edits.size(), 1);
    QCOMPARE(h.changedLine(), QByteArray("description: \"Three talks\"\n"));
}

void TestFrontMatterForm::dateIsWrittenInTheSiteZone()
{
    Harness h(corpusFile(kSeed));
    auto *now = h.find<QToolButton>(QStringLiteral("field_date_now"));
    QTest::mouseClick(now, Qt::LeftButton);
    QCOMPARE(h.edits.size(), 1);
    const QByteArray line = h.changedLine();
    QVERIFY2(line.startsWith("date: ") && line.endsWith(" +0530\n"), line.constData());
    QCOMPARE(h.post.value(QStringLiteral("date")).typeId(), int(QMetaType::QDateTime));
    const QDateTime written = h.post.value(QStringLiteral("date")).toDateTime();
    QVERIFY(qAbs(written.secsTo(QDateTime::currentDateTime())) < 120);

    // Editing the hour in the widget moves the wall-clock time in Kolkata by an hour.
    auto *date = h.find<QDateTimeEdit>(QStringLiteral("field_date"));
    QCOMPARE(
        date->text(),
        written.toTimeZone(QTimeZone("Asia/Kolkata")).toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    focus(date);
    date->setCurrentSection(QDateTimeEdit::HourSection);
    // Sections do not wrap: step the hour away from 23:xx.
    const bool up = date->time().hour() < 23;
    QTest::keyClick(date, up ? Qt::Key_Up : Qt::Key_Down);
    const QDateTime later = h.post.value(QStringLiteral("date")).toDateTime();
    QCOMPARE(written.secsTo(later), up ? 3600 : -3600);
    const QByteArray expected = "date: " +
                                later.toTimeZone(QTimeZone("Asia/Kolkata"))
                                    .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                    .toUtf8() +
                                " +0530\n";
    QCOMPARE(h.changedLine(), expected);
}

void TestFrontMatterForm::imageTypedChosenOrDropped()
{
    FormContext context = Harness::kolkata();
    context.siteRoot = QStringLiteral("/srv/site");
    Harness h(corpusFile(kSeed), context);
    auto *image = h.find<QLineEdit>(QStringLiteral("field_image"));
    focus(image);
    QTest::keyClicks(image, QStringLiteral("/assets/img/march.png"));
    QCOMPARE(h.changedLine(), QByteArray("image: /assets/img/march.png\n"));

    QSignalSpy chosen(&h.form, &FrontMatterForm::imageFileChosen);
    auto drop = [&](const QUrl &url) {
        QMimeData mime;
        mime.setUrls({url});
        QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(image, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent dropEvent(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(image, &dropEvent);
    };
    drop(QUrl::fromLocalFile(QStringLiteral("/srv/site/assets/img/photo.jpg")));
    QCOMPARE(h.changedLine(), QByteArray("image: /assets/img/photo.jpg\n"));
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.first().first().toString(), QStringLiteral("/srv/site/assets/img/photo.jpg"));
    drop(QUrl(QStringLiteral("https://example.org/a.png")));
    QCOMPARE(h.changedLine(), QByteArray("image: https://example.org/a.png\n"));
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(image->text(), QStringLiteral("https://example.org/a.png"));
}

void TestFrontMatterForm::setPostDoesNotEmit()
{
    FrontMatterForm form;
    QSignalSpy edits(&form, &FrontMatterForm::editRequested);
    QSignalSpy raw(&form, &FrontMatterForm::rawFrontMatterRequested);
    form.show();
    const QList<QByteArray> files = {
        corpusFile(kSeed),
        corpusFile(kSpeakers),
        QByteArray("---\ntitle: [x\n---\n"),
        QByteArray("no front matter\n"),
        QByteArray("---\ntitle: no\nfeatured: \"false\"\ndate: x\ntags: 2024\n---\n"),
        corpusFile(kSeed)};
    for (const QByteArray &bytes : files) {
        form.setPost(Post::fromBytes(bytes));
        form.setSite(Harness::kolkata());
        QCoreApplication::processEvents();
    }
    QTest::qWait(IdleWait);
    QCOMPARE(edits.count(), 0);
    QCOMPARE(raw.count(), 0);
    QCOMPARE(form.findChild<QLineEdit *>(QStringLiteral("field_title"))->text(),
             QStringLiteral("Talks – March, 2021"));
}

void TestFrontMatterForm::setPostKeepsAFocusedFieldAndItsCursor()
{
    Harness h(corpusFile(kSeed));
    auto *title = h.find<QLineEdit>(QStringLiteral("field_title"));
    focus(title);
    title->setCursorPosition(3);
    title->setSelection(3, 4);
    h.form.setPost(h.post);
    Post bodyChanged = h.post;
    bodyChanged.setBody(QStringLiteral("A new body\n"));
    h.form.setPost(bodyChanged);
    QCOMPARE(title->text(), QStringLiteral("Talks – March, 2021"));
    QCOMPARE(title->selectionStart(), 3);
    QCOMPARE(title->selectedText(), QStringLiteral("ks –"));
    QVERIFY(title->hasFocus());
    QVERIFY(h.edits.isEmpty());
}

void TestFrontMatterForm::setPostUpdatesAFieldChangedElsewhere()
{
    Harness h(corpusFile(kSeed));
    auto *title = h.find<QLineEdit>(QStringLiteral("field_title"));
    focus(title);
    title->setCursorPosition(8);
    // An undo, or an edit in the raw text: the focused field follows, its cursor stays near.
    QVERIFY(FieldEdit::string(QStringLiteral("title"), QStringLiteral("Talks – April"))
                .apply(h.post)
                .isEmpty());
    h.form.setPost(h.post);
    QCOMPARE(title->text(), QStringLiteral("Talks – April"));
    QCOMPARE(title->cursorPosition(), 8);
    QVERIFY(FieldEdit::boolean(QStringLiteral("featured"), false).apply(h.post).isEmpty());
    QVERIFY(FieldEdit::list(QStringLiteral("tags"), {QStringLiteral("x"), QStringLiteral("y")})
                .apply(h.post)
                .isEmpty());
    h.form.setPost(h.post);
    QVERIFY(!h.find<QCheckBox>(QStringLiteral("field_featured"))->isChecked());
    QCOMPARE(h.find<TokenEditor>(QStringLiteral("field_tags"))->items(),
             (QStringList{QStringLiteral("x"), QStringLiteral("y")}));
    QVERIFY(h.edits.isEmpty());
}

void TestFrontMatterForm::setPostKeepsADescriptionWaitingForItsPause()
{
    Harness h(corpusFile(kSeed));
    auto *description = h.find<QPlainTextEdit>(QStringLiteral("field_description"));
    focus(description);
    description->moveCursor(QTextCursor::End);
    QTest::keyClicks(description, QStringLiteral("!"));
    // The body changes meanwhile (the window calls setPost on every change).
    Post bodyChanged = h.post;
    bodyChanged.setBody(QStringLiteral("typing elsewhere\n"));
    h.form.setPost(bodyChanged);
    QCOMPARE(description->toPlainText(), QStringLiteral("In collaboration with PythonPune!"));
    QTRY_COMPARE(h.edits.size(), 1);
    QCOMPARE(h.post.value(QStringLiteral("description")),
             QVariant(QStringLiteral("In collaboration with PythonPune!")));
}

void TestFrontMatterForm::brokenYamlShowsTheErrorAndLocksTheForm()
{
    Harness h(corpusFile(kSeed));
    QSignalSpy raw(&h.form, &FrontMatterForm::rawFrontMatterRequested);
    QByteArray broken = corpusFile(kSeed);
    broken.replace("tags: [rahul]", "tags: [rahul");
    const Post brokenPost = Post::fromBytes(broken);
    QVERIFY(!brokenPost.frontMatterLoaded());
    h.form.setPost(brokenPost);
    auto *holder = h.find<QWidget>(QStringLiteral("errorBannerHolder"));
    QVERIFY(holder->isVisible());
    QString text;
    for (auto *label : h.find<QWidget>(QStringLiteral("errorBanner"))->findChildren<QLabel *>())
        text += label->text();
    const Meetdown::Diagnostic d = brokenPost.diagnostics().first();
    QVERIFY2(text.contains(
                 QStringLiteral("Line %1, column %2: %3").arg(d.line).arg(d.column).arg(d.message)),
             qPrintable(text));
    auto *title = h.find<QLineEdit>(QStringLiteral("field_title"));
    QVERIFY(!title->isEnabled());
    QVERIFY(!h.find<QCheckBox>(QStringLiteral("field_featured"))->isEnabled());
    // The last good values stay visible; nothing is emitted.
    QCOMPARE(title->text(), QStringLiteral("Talks – March, 2021"));
    auto *button = h.find<QPushButton>(QStringLiteral("showRawButton"));
    QVERIFY(button->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(raw.count(), 1);
    QVERIFY(h.edits.isEmpty());

    h.form.setPost(h.post);
    QVERIFY(!holder->isVisible());
    QVERIFY(title->isEnabled());
}

void TestFrontMatterForm::moreFieldsShowUnknownKeys()
{
    Harness h(corpusFile(kSpeakers));
    QCOMPARE(h.form.extraKeys(), QStringList{QStringLiteral("speakers")});
    auto *speakers = h.find<QPlainTextEdit>(QStringLiteral("extra_speakers"));
    QVERIFY(speakers->isVisible());
    QCOMPARE(speakers->toPlainText(),
             QStringLiteral("- title: Building Single Page Applications with YUI\n"
                            "  name: Simon Højberg\n"
                            "- title: Purely Functional Data Structures for JavaScript\n"
                            "  name: Mads Hartmann Jensen\n"
                            "- title: Backbone.js\n"
                            "  name: Daniel Pouzemski"));
    QCOMPARE(h.find<QLineEdit>(QStringLiteral("field_title"))->text(),
             QStringLiteral("First CopenhagenJS meetup hosted at Podio"));
    // The section folds away and back.
    auto *toggle = h.find<QToolButton>(QStringLiteral("moreFieldsToggle"));
    QVERIFY(toggle->text().contains(QStringLiteral("(1)")));
    toggle->click();
    QVERIFY(!speakers->isVisible());
    toggle->click();
    QVERIFY(speakers->isVisible());
}

void TestFrontMatterForm::editingAnUnknownKeyChangesOnlyThatKey()
{
    Harness h(corpusFile(kSpeakers));
    auto *speakers = h.find<QPlainTextEdit>(QStringLiteral("extra_speakers"));
    focus(speakers);
    QVERIFY(speakers->find(QStringLiteral("Pouzemski")));
    QTest::keyClicks(speakers, QStringLiteral("Pouzemski Jr."));
    QVERIFY(h.edits.isEmpty());
    QTRY_COMPARE(h.edits.size(), 1);
    QCOMPARE(h.changedLine(), QByteArray("    name: Daniel Pouzemski Jr.\n"));
    const auto last =
        h.post.value(QStringLiteral("speakers")).toList().last().value<Meetdown::YamlMap>();
    QCOMPARE(last.last().second, QVariant(QStringLiteral("Daniel Pouzemski Jr.")));
    QCOMPARE(h.post.keys(), (QStringList{QStringLiteral("title"), QStringLiteral("layout"),
                                         QStringLiteral("speakers")}));
    QVERIFY(speakers->hasFocus());
    QCOMPARE(speakers->textCursor().position(),
             int(speakers->toPlainText().indexOf(QStringLiteral(" Jr.")) + 4));
}

void TestFrontMatterForm::invalidYamlInMoreFieldsIsShownNotEmitted()
{
    Harness h(corpusFile(kSpeakers));
    auto *speakers = h.find<QPlainTextEdit>(QStringLiteral("extra_speakers"));
    focus(speakers);
    speakers->moveCursor(QTextCursor::End);
    QTest::keyClicks(speakers, QStringLiteral(": x"));
    QTRY_VERIFY(!h.form.issueText(QStringLiteral("speakers")).isEmpty());
    QVERIFY(h.edits.isEmpty());
    QCOMPARE(h.post.toBytes(), h.before);
    QVERIFY(speakers->toPlainText().endsWith(QStringLiteral("Pouzemski: x")));
    // The text waits for a fix; a setPost for another change leaves it.
    h.form.setPost(h.post);
    QVERIFY(speakers->toPlainText().endsWith(QStringLiteral("Pouzemski: x")));
    for (int i = 0; i < 3; ++i)
        QTest::keyClick(speakers, Qt::Key_Backspace);
    QTRY_VERIFY(h.form.issueText(QStringLiteral("speakers")).isEmpty());
    QVERIFY(h.edits.isEmpty());
    // Esc brings back the file's text.
    QTest::keyClicks(speakers, QStringLiteral("!!"));
    QTest::keyClick(speakers, Qt::Key_Escape);
    QVERIFY(speakers->toPlainText().endsWith(QStringLiteral("Pouzemski")));
    QTest::qWait(IdleWait);
    QVERIFY(h.edits.isEmpty());
}

void TestFrontMatterForm::removeAndAddKeys()
{
    Harness h(corpusFile(kSpeakers));
    QTest::mouseClick(h.find<QToolButton>(QStringLiteral("remove_speakers")), Qt::LeftButton);
    QVERIFY(!h.post.contains(QStringLiteral("speakers")));
    QVERIFY(h.form.extraKeys().isEmpty());
    QCOMPARE(changeBetween(h.before, h.post.toBytes()).removed.size(), 7);
    QCOMPARE(changeBetween(h.before, h.post.toBytes()).added.size(), 0);

    h.before = h.post.toBytes();
    auto *name = h.find<QLineEdit>(QStringLiteral("newKeyName"));
    auto *value = h.find<QLineEdit>(QStringLiteral("newKeyValue"));
    QTest::keyClicks(name, QStringLiteral("title"));
    QTest::mouseClick(h.find<QPushButton>(QStringLiteral("newKeyAdd")), Qt::LeftButton);
    QVERIFY(h.find<QLabel>(QStringLiteral("newKeyError"))->isVisible());
    name->clear();
    QTest::keyClicks(name, QStringLiteral("meetup_url"));
    QTest::keyClicks(value, QStringLiteral("https://meetup.com/copenhagenjs"));
    QTest::keyClick(value, Qt::Key_Return);
    QCOMPARE(h.changedLine(), QByteArray("meetup_url: https://meetup.com/copenhagenjs\n"));
    QCOMPARE(h.form.extraKeys(), QStringList{QStringLiteral("meetup_url")});
    QCOMPARE(h.find<QPlainTextEdit>(QStringLiteral("extra_meetup_url"))->toPlainText(),
             QStringLiteral("https://meetup.com/copenhagenjs"));
    QVERIFY(name->text().isEmpty());
    QVERIFY(!h.find<QLabel>(QStringLiteral("newKeyError"))->isVisible());
}

void TestFrontMatterForm::valuesThatDoNotFitMoveToMoreFields()
{
    Harness h("---\ntitle:\n  - a\n  - b\ntags:\n  - x: 1\nfeatured: true\n---\nbody\n");
    QCOMPARE(h.form.extraKeys(), (QStringList{QStringLiteral("title"), QStringLiteral("tags")}));
    QVERIFY(!h.find<QLineEdit>(QStringLiteral("field_title"))->isEnabled());
    QVERIFY(!h.find<TokenEditor>(QStringLiteral("field_tags"))->isEnabled());
    QVERIFY(h.find<QCheckBox>(QStringLiteral("field_featured"))->isEnabled());
    QCOMPARE(h.find<QPlainTextEdit>(QStringLiteral("extra_title"))->toPlainText(),
             QStringLiteral("- a\n- b"));
}

void TestFrontMatterForm::issuesAreShownAtTheirFields()
{
    Harness h("---\ntitle: Meetup #12\nauthor: no\ndate: next tuesday\nfeatured: \"false\"\n"
              "hidden: 'no'\ntags: 2024\nimage: [a.png]\nvenue: Hub\nvenue: Hub 2\n---\nbody\n");
    const QStringList keys = {QStringLiteral("title"),  QStringLiteral("author"),
                              QStringLiteral("date"),   QStringLiteral("featured"),
                              QStringLiteral("hidden"), QStringLiteral("tags"),
                              QStringLiteral("venue")};
    for (const QString &key : keys) {
        QVERIFY2(!h.form.issueText(key).isEmpty(), qPrintable(key));
        const QString marker = (key == QLatin1String("venue") ? QStringLiteral("extraIssue_")
                                                              : QStringLiteral("issue_")) +
                               key;
        QVERIFY2(!h.find<QLabel>(marker)->pixmap().isNull(), qPrintable(key));
    }
    QVERIFY(h.form.issueText(QStringLiteral("layout")).isEmpty());
    QVERIFY(h.find<QLabel>(QStringLiteral("issue_layout"))->pixmap().isNull());
    QVERIFY(h.form.issueText(QStringLiteral("title")).contains(QStringLiteral("#12")));
    QVERIFY(h.form.issueText(QStringLiteral("author")).contains(QStringLiteral("false")));
    QVERIFY(h.form.issueText(QStringLiteral("venue")).contains(QStringLiteral("duplicate")));
    // Jekyll's reading is what the widgets show: "false" in quotes is a true value.
    QVERIFY(h.find<QCheckBox>(QStringLiteral("field_featured"))->isChecked());
    QCOMPARE(h.find<QLineEdit>(QStringLiteral("field_title"))->text(), QStringLiteral("Meetup"));
    QCOMPARE(h.find<QDateTimeEdit>(QStringLiteral("field_date"))->text(),
             QStringLiteral("Unreadable: next tuesday"));
    QCOMPARE(h.find<QLineEdit>(QStringLiteral("field_title"))->toolTip(),
             h.form.issueText(QStringLiteral("title")));
    // Fixing a value clears its marker.
    auto *featured = h.find<QCheckBox>(QStringLiteral("field_featured"));
    QTest::mouseClick(featured, Qt::LeftButton, {}, featured->rect().center());
    QCOMPARE(h.post.value(QStringLiteral("featured")), QVariant(false));
    QVERIFY(h.form.issueText(QStringLiteral("featured")).isEmpty());
    QVERIFY(h.find<QLabel>(QStringLiteral("issue_featured"))->pixmap().isNull());
}

void TestFrontMatterForm::invalidMoreFieldsAreReported()
{
    Harness h(corpusFile(kSpeakers));
    QSignalSpy changed(&h.form, &FrontMatterForm::invalidFieldsChanged);
    QVERIFY(h.form.invalidFields().isEmpty());
    auto *speakers = h.find<QPlainTextEdit>(QStringLiteral("extra_speakers"));
    focus(speakers);
    speakers->moveCursor(QTextCursor::End);
    QTest::keyClicks(speakers, QStringLiteral(": [oops"));
    // Before the pause the text is checked on asking: a save now would lose it.
    QCOMPARE(h.form.invalidFields(), QStringList{QStringLiteral("speakers")});
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(h.form.invalidFields(), QStringList{QStringLiteral("speakers")});
    QVERIFY(h.edits.isEmpty());
    // Where in the box it stops parsing: the sixth line, at the second colon.
    const QString issue = h.form.issueText(QStringLiteral("speakers"));
    QVERIFY2(issue.contains(QStringLiteral("line 6, column 25: illegal map value")),
             qPrintable(issue));
    // Another change of the post leaves the text and its report.
    Post bodyChanged = h.post;
    bodyChanged.setBody(QStringLiteral("new body\n"));
    h.form.setPost(bodyChanged);
    QCOMPARE(h.form.invalidFields(), QStringList{QStringLiteral("speakers")});
    QCOMPARE(changed.count(), 1);
    // Fixed: no longer reported, and applied.
    for (int i = 0; i < 7; ++i)
        QTest::keyClick(speakers, Qt::Key_Backspace);
    QTest::keyClicks(speakers, QStringLiteral(" Jr."));
    QTRY_COMPARE(changed.count(), 2);
    QVERIFY(h.form.invalidFields().isEmpty());
    QCOMPARE(h.changedLine(), QByteArray("    name: Daniel Pouzemski Jr.\n"));
    // Esc drops invalid text: nothing left to lose.
    QTest::keyClicks(speakers, QStringLiteral(": ["));
    focus(h.find<QLineEdit>(QStringLiteral("field_title"))); // leaving the box tries it at once
    QCOMPARE(h.form.invalidFields(), QStringList{QStringLiteral("speakers")});
    QCOMPARE(changed.count(), 3);
    focus(speakers);
    QTest::keyClick(speakers, Qt::Key_Escape);
    QVERIFY(h.form.invalidFields().isEmpty());
    QCOMPARE(changed.count(), 4);
}

void TestFrontMatterForm::invalidNewKeyValueSaysWhere()
{
    Harness h(corpusFile(kSpeakers));
    QTest::keyClicks(h.find<QLineEdit>(QStringLiteral("newKeyName")), QStringLiteral("venue"));
    auto *value = h.find<QLineEdit>(QStringLiteral("newKeyValue"));
    QTest::keyClicks(value, QStringLiteral("[Podio, Vesterbro"));
    QTest::keyClick(value, Qt::Key_Return);
    QVERIFY(h.edits.isEmpty());
    auto *error = h.find<QLabel>(QStringLiteral("newKeyError"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("line 1, column ")), qPrintable(error->text()));
    QVERIFY2(!error->text().contains(QStringLiteral("would no longer parse")),
             qPrintable(error->text()));
}

void TestFrontMatterForm::commitPendingEditsFlushesTyping()
{
    Harness h(corpusFile(kSpeakers));
    auto *speakers = h.find<QPlainTextEdit>(QStringLiteral("extra_speakers"));
    focus(speakers);
    speakers->moveCursor(QTextCursor::End);
    QTest::keyClicks(speakers, QStringLiteral(" Jr."));
    auto *tags = h.find<TokenEditor>(QStringLiteral("field_tags"));
    QTest::keyClicks(tags->lineEdit(), QStringLiteral("meetup"));
    auto *description = h.find<QPlainTextEdit>(QStringLiteral("field_description"));
    QTest::keyClicks(description, QStringLiteral("Three talks"));
    QVERIFY(h.edits.isEmpty());
    // Ctrl+S right after typing: the window flushes first.
    h.form.commitPendingEdits();
    QCOMPARE(h.edits.size(), 3);
    QCOMPARE(h.post.value(QStringLiteral("description")), QVariant(QStringLiteral("Three talks")));
    QVERIFY(h.post.toBytes().contains("\ntags: [meetup]\n"));
    QVERIFY(h.post.toBytes().contains("    name: Daniel Pouzemski Jr.\n"));
    QVERIFY(h.form.invalidFields().isEmpty());
    QTest::qWait(IdleWait);
    QCOMPARE(h.edits.size(), 3);
}

void TestFrontMatterForm::bannerShowsItsMessageOnce()
{
    Harness h("---\ntitle: [x\nlayout: post\n---\nbody\n");
    QString text;
    for (auto *label : h.find<QWidget>(QStringLiteral("errorBanner"))->findChildren<QLabel *>())
        text += label->text();
    QCOMPARE(text.count(QStringLiteral("nothing has been changed")), 1);
    QCOMPARE(text.count(QStringLiteral("Line ")), 1);
}

void TestFrontMatterForm::longValuesShowTheirStart()
{
    const QByteArray bytes = "---\nlayout: a-very-long-layout-name-that-does-not-fit-in-the-box\n"
                             "title: The first meetup of the year, with three talks, a workshop "
                             "and pizza for everyone\nimage: /assets/images/2021/03/a-rather-long-"
                             "path/to/the/poster-of-the-meetup.png\n---\nbody\n";
    Harness h(bytes);
    h.form.resize(380, 700);
    QCoreApplication::processEvents();
    for (const QString &key : {QStringLiteral("title"), QStringLiteral("image")}) {
        auto *line = h.find<QLineEdit>(QStringLiteral("field_") + key);
        QVERIFY(line->fontMetrics().horizontalAdvance(line->text()) > line->width());
        QCOMPARE(line->cursorPosition(), 0);
    }
    QCOMPARE(h.find<QComboBox>(QStringLiteral("field_layout"))->lineEdit()->cursorPosition(), 0);
    // Changed elsewhere (undo, raw text) while another field has the focus: the start again.
    focus(h.find<QLineEdit>(QStringLiteral("field_author")));
    QVERIFY(FieldEdit::string(QStringLiteral("title"),
                              QStringLiteral("Another long title that is much wider than the "
                                             "field it is shown in, by far"))
                .apply(h.post)
                .isEmpty());
    h.form.setPost(h.post);
    QCOMPARE(h.find<QLineEdit>(QStringLiteral("field_title"))->cursorPosition(), 0);
}

void TestFrontMatterForm::narrowPaneCutsNothingOff_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("height");
    QTest::newRow("seed") << kSeed << 900;
    // Taller content than the pane: the vertical scroll bar takes its share of the width.
    QTest::newRow("speakers, scrolled") << kSpeakers << 420;
}

void TestFrontMatterForm::narrowPaneCutsNothingOff()
{
    QFETCH(QString, file);
    QFETCH(int, height);
    Harness h(corpusFile(file));
    h.form.setFileDate(QDate(2011, 8, 3)); // the widest the date field gets
    QTest::qWait(50); // layouts take in size changes from posted requests, level by level
    const int minimum = h.form.minimumSizeHint().width();
    // The window's default width for the pane is enough.
    QVERIFY2(minimum <= 380, qPrintable(QString::number(minimum)));
    for (const int width : {380, minimum}) {
        h.form.resize(width, height);
        QCoreApplication::processEvents();
        QTest::qWait(20);
        auto *scroll = h.form.findChild<QScrollArea *>();
        QWidget *viewport = scroll->viewport();
        QCOMPARE(scroll->widget()->width(), viewport->width()); // nothing beyond the right edge
        QStringList names = {QStringLiteral("newKeyAdd"),      QStringLiteral("newKeyName"),
                             QStringLiteral("newKeyValue"),    QStringLiteral("field_image_choose"),
                             QStringLiteral("field_date_now"), QStringLiteral("dateZone")};
        for (const QString &key : FrontMatterForm::fieldKeys())
            names.append(QStringLiteral("field_") + key);
        for (const QString &name : std::as_const(names)) {
            auto *w = h.find<QWidget>(name);
            const QRect r(w->mapTo(viewport, QPoint(0, 0)), w->size());
            const QString what = QStringLiteral("%1 at width %2: %3,%4 %5x%6 in %7")
                                     .arg(name)
                                     .arg(width)
                                     .arg(r.x())
                                     .arg(r.y())
                                     .arg(r.width())
                                     .arg(r.height())
                                     .arg(viewport->width());
            QVERIFY2(r.left() >= 0 && r.right() < viewport->width(), qPrintable(what));
            QVERIFY2(r.width() >= w->minimumSizeHint().width(), qPrintable(what));
        }
        // The image field's placeholder is whole.
        auto *image = h.find<QLineEdit>(QStringLiteral("field_image"));
        QVERIFY(image->fontMetrics().horizontalAdvance(image->placeholderText()) + 12 <
                image->width());
        QVERIFY(!image->toolTip().isEmpty());
        // So is the date taken from the file name.
        auto *date = h.find<QDateTimeEdit>(QStringLiteral("field_date"));
        if (!h.post.contains(QStringLiteral("date"))) {
            auto *text = date->findChild<QLineEdit *>();
            QVERIFY(text->fontMetrics().horizontalAdvance(date->text()) + 4 <= text->width());
        }
    }
}

void TestFrontMatterForm::splitterCannotSqueezeTheForm()
{
    QSplitter splitter(Qt::Horizontal);
    splitter.setChildrenCollapsible(false);
    auto *form = new FrontMatterForm;
    form->setPost(Post::fromBytes(corpusFile(kSpeakers)));
    splitter.addWidget(form);
    splitter.addWidget(new QWidget);
    splitter.resize(1000, 600);
    splitter.show();
    splitter.setSizes({120, 880});
    QCoreApplication::processEvents();
    QVERIFY(form->minimumSizeHint().width() > 300);
    QCOMPARE(form->width(), form->minimumSizeHint().width());
    auto *add = form->findChild<QPushButton *>(QStringLiteral("newKeyAdd"));
    auto *viewport = form->findChild<QScrollArea *>()->viewport();
    QVERIFY(add->mapTo(viewport, QPoint(add->width() - 1, 0)).x() < viewport->width());
}

void TestFrontMatterForm::fileDateIsShownWithoutADateKey()
{
    Harness h(corpusFile(kSeed));
    auto *date = h.find<QDateTimeEdit>(QStringLiteral("field_date"));
    QCOMPARE(date->text(), QStringLiteral("Not set"));
    h.form.setFileDate(QDate(2021, 3, 20));
    QCOMPARE(h.form.fileDate(), QDate(2021, 3, 20));
    QCOMPARE(date->text(), QStringLiteral("2021-03-20 (from the file name)"));
    QVERIFY(h.edits.isEmpty());
    // The calendar opens at that month, not in January 1900; opening it changes nothing.
    QTest::mouseClick(date, Qt::LeftButton, {}, QPoint(date->width() - 8, date->height() / 2));
    QTRY_VERIFY(date->calendarWidget()->isVisible());
    QCOMPARE(date->calendarWidget()->yearShown(), 2021);
    QCOMPARE(date->calendarWidget()->monthShown(), 3);
    date->calendarWidget()->window()->close();
    QVERIFY(h.edits.isEmpty());
    // A step from "not set" starts at the file name's date and writes a date key.
    focus(date);
    QTest::keyClick(date, Qt::Key_Up);
    QCOMPARE(h.edits.size(), 1);
    QCOMPARE(h.changedLine(), QByteArray("date: 2021-03-20 00:00:00 +0530\n"));
    QCOMPARE(date->text(), QStringLiteral("2021-03-20 00:00"));
    // The key wins over the file name; without either, "Not set" again.
    h.form.setFileDate(QDate(2021, 3, 21));
    QCOMPARE(date->text(), QStringLiteral("2021-03-20 00:00"));
    h.form.setFileDate(QDate());
    h.form.setPost(Post::fromBytes(corpusFile(kSeed)));
    QCOMPARE(date->text(), QStringLiteral("Not set"));
}

void TestFrontMatterForm::switchingBackOffRestoresTheBytes()
{
    // The post has neither key: on and off again leaves the file as it was.
    Harness h(corpusFile(kSpeakers));
    for (const QString &key : {QStringLiteral("featured"), QStringLiteral("hidden")}) {
        auto *check = h.find<QCheckBox>(QStringLiteral("field_") + key);
        QTest::mouseClick(check, Qt::LeftButton, {}, check->rect().center());
        QCOMPARE(h.changedLine(), key.toUtf8() + ": true\n");
        QTest::mouseClick(check, Qt::LeftButton, {}, check->rect().center());
        QVERIFY(!check->isChecked());
        QCOMPARE(h.post.toBytes(), h.before);
        QCOMPARE(h.edits.last(), FieldEdit::remove(key));
    }
    // A tag list the file did not have goes again when emptied.
    auto *tags = h.find<TokenEditor>(QStringLiteral("field_tags"));
    focus(tags->lineEdit());
    QTest::keyClicks(tags->lineEdit(), QStringLiteral("js,"));
    QCOMPARE(h.changedLine(), QByteArray("tags: [js]\n"));
    QTest::keyClick(tags->lineEdit(), Qt::Key_Backspace);
    QCOMPARE(h.post.toBytes(), h.before);
    // A key the file had is kept and written false, as before.
    Harness seed(corpusFile(kSeed));
    auto *featured = seed.find<QCheckBox>(QStringLiteral("field_featured"));
    QTest::mouseClick(featured, Qt::LeftButton, {}, featured->rect().center());
    QTest::mouseClick(featured, Qt::LeftButton, {}, featured->rect().center());
    QTest::mouseClick(featured, Qt::LeftButton, {}, featured->rect().center());
    QCOMPARE(seed.changedLine(), QByteArray("featured: false\n"));
}

void TestFrontMatterForm::clearingAFieldTheFileDidNotHaveRemovesIt()
{
    Harness h(corpusFile(kSpeakers));
    auto *author = h.find<QLineEdit>(QStringLiteral("field_author"));
    focus(author);
    QTest::keyClicks(author, QStringLiteral("Simon"));
    QCOMPARE(h.changedLine(), QByteArray("author: Simon\n"));
    for (int i = 0; i < 5; ++i)
        QTest::keyClick(author, Qt::Key_Backspace);
    QCOMPARE(h.post.toBytes(), h.before);
    QVERIFY(!h.post.contains(QStringLiteral("author")));
    // An undo to the original and a redo are the same file: the key is still not the file's.
    QTest::keyClicks(author, QStringLiteral("S"));
    const Post withAuthor = h.post;
    h.form.setPost(Post::fromBytes(h.before));
    h.form.setPost(withAuthor);
    h.post = withAuthor;
    QCOMPARE(author->text(), QStringLiteral("S"));
    author->end(false);
    QTest::keyClick(author, Qt::Key_Backspace);
    QCOMPARE(h.post.toBytes(), h.before);
    // The description waits for its pause, then goes the same way.
    auto *description = h.find<QPlainTextEdit>(QStringLiteral("field_description"));
    focus(description);
    QTest::keyClicks(description, QStringLiteral("x"));
    QTRY_VERIFY(h.post.contains(QStringLiteral("description")));
    QTest::keyClick(description, Qt::Key_Backspace);
    QTRY_VERIFY(!h.post.contains(QStringLiteral("description")));
    QCOMPARE(h.post.toBytes(), h.before);
}

void TestFrontMatterForm::anotherFileHasItsOwnOriginalKeys()
{
    Harness h(corpusFile(kSpeakers));
    // The window opens the seed post, which has `featured: true` and `author`.
    h.post = Post::fromBytes(corpusFile(kSeed));
    h.before = h.post.toBytes();
    h.form.setPost(h.post);
    auto *featured = h.find<QCheckBox>(QStringLiteral("field_featured"));
    QTest::mouseClick(featured, Qt::LeftButton, {}, featured->rect().center());
    QCOMPARE(h.changedLine(), QByteArray("featured: false\n"));
    auto *author = h.find<QLineEdit>(QStringLiteral("field_author"));
    focus(author);
    author->selectAll();
    QTest::keyClick(author, Qt::Key_Backspace);
    QVERIFY(h.post.toBytes().contains("\nauthor: \n"));
    // Text typed for the last file does not carry over to the next.
    auto *speakers = h.form.findChild<QPlainTextEdit *>(QStringLiteral("extra_speakers"));
    QVERIFY(!speakers || !speakers->isVisible());
}

void TestFrontMatterForm::brokenPostShowsEmptyFields()
{
    const QByteArray broken = "---\ntitle: [x\nlayout: post\ntags: [a]\n---\nbody\n";
    auto checkEmpty = [](Harness &h) {
        auto *layout = h.find<QComboBox>(QStringLiteral("field_layout"));
        QVERIFY(!layout->isEnabled());
        QCOMPARE(layout->currentText(), QString());
        QCOMPARE(layout->lineEdit()->placeholderText(), QString());
        for (const QString &key :
             {QStringLiteral("title"), QStringLiteral("author"), QStringLiteral("image")}) {
            auto *line = h.find<QLineEdit>(QStringLiteral("field_") + key);
            QCOMPARE(line->text(), QString());
            QCOMPARE(line->placeholderText(), QString());
        }
        QCOMPARE(h.find<QDateTimeEdit>(QStringLiteral("field_date"))->text().trimmed(), QString());
        auto *tags = h.find<TokenEditor>(QStringLiteral("field_tags"));
        QVERIFY(tags->items().isEmpty());
        QCOMPARE(tags->lineEdit()->placeholderText(), QString());
        QCOMPARE(h.find<QPlainTextEdit>(QStringLiteral("field_description"))->placeholderText(),
                 QString());
        QVERIFY(!h.find<QCheckBox>(QStringLiteral("field_featured"))->isChecked());
        QVERIFY(h.form.extraKeys().isEmpty());
        QVERIFY(!h.find<QLabel>(QStringLiteral("newKeyError"))->isVisible());
    };
    {
        Harness h(broken);
        checkEmpty(h);
    }
    {
        // Opened after another file: not that file's values either.
        Harness h(corpusFile(kSpeakers));
        h.form.setPost(Post::fromBytes(broken));
        checkEmpty(h);
        // Fixed in the raw text: the fields and their placeholders come back.
        Post fixed = Post::fromBytes(broken);
        QVERIFY(fixed.setFrontMatterText("title: x\nlayout: post\n").isEmpty());
        h.form.setPost(fixed);
        QCOMPARE(h.find<QLineEdit>(QStringLiteral("field_title"))->text(), QStringLiteral("x"));
        QCOMPARE(h.find<QLineEdit>(QStringLiteral("field_author"))->placeholderText(),
                 QStringLiteral("Who wrote it"));
        QCOMPARE(h.find<QComboBox>(QStringLiteral("field_layout"))->currentText(),
                 QStringLiteral("post"));
        QCOMPARE(h.find<QDateTimeEdit>(QStringLiteral("field_date"))->text(),
                 QStringLiteral("Not set"));
        QCOMPARE(h.find<TokenEditor>(QStringLiteral("field_tags"))->lineEdit()->placeholderText(),
                 QStringLiteral("Add a tag…"));
    }
}

void TestFrontMatterForm::screenshot_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestFrontMatterForm::screenshot()
{
    QFETCH(bool, dark);
    const QPalette original = QApplication::palette();
    if (dark) {
        // Derives Light, Mid, Dark and Shadow from the button color, as a real dark theme has them.
        QPalette p(QColor(0x3a, 0x3c, 0x41), QColor(0x2b, 0x2d, 0x31));
        p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Base, QColor(0x1f, 0x20, 0x23));
        p.setColor(QPalette::AlternateBase, QColor(0x2b, 0x2d, 0x31));
        p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Highlight, QColor(0x3d, 0x8b, 0xfd));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x8d, 0x93));
        p.setColor(QPalette::ToolTipBase, QColor(0x35, 0x37, 0x3c));
        p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
        for (const auto role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
            p.setColor(QPalette::Disabled, role, QColor(0x80, 0x80, 0x80));
        QApplication::setPalette(p);
    } else {
        QApplication::setPalette(QApplication::style()->standardPalette());
    }
    QByteArray bytes = corpusFile(kSeed);
    // One value with a warning, to see the marker.
    bytes.replace("hidden: false", "hidden: \"no\"");
    // The window's default width for the pane.
    constexpr int Width = 380;
    {
        Harness h(bytes);
        h.form.setFileDate(QDate(2021, 3, 20));
        h.form.resize(Width, 760);
        QTest::qWait(50);
        const QPixmap shot = h.form.grab();
        QVERIFY(!shot.isNull());
        // Every seed field is within the pane: nothing cut off at this width.
        for (const QString &key : FrontMatterForm::fieldKeys()) {
            auto *editor = h.find<QWidget>(QStringLiteral("field_") + key);
            QVERIFY(editor->isVisible());
            const QRect r(editor->mapTo(&h.form, QPoint(0, 0)), editor->size());
            QVERIFY2(r.right() < h.form.width() && r.bottom() < h.form.height(), qPrintable(key));
            QVERIFY2(r.width() > 60, qPrintable(key));
        }
        QVERIFY(!h.form.issueText(QStringLiteral("hidden")).isEmpty());
        const QString dir = qEnvironmentVariable("MEETDOWN_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            QVERIFY(shot.save(
                dir + (dark ? QStringLiteral("/form-dark.png") : QStringLiteral("/form.png"))));

        Harness broken("---\ntitle: [x\nlayout: post\n---\n");
        broken.form.resize(Width, 360);
        QTest::qWait(50);
        if (!dir.isEmpty()) {
            QVERIFY(broken.form.grab().save(dir + (dark ? QStringLiteral("/form-broken-dark.png")
                                                        : QStringLiteral("/form-broken.png"))));
        }
        Harness speakers(corpusFile(kSpeakers));
        speakers.form.resize(Width, 900);
        QCoreApplication::processEvents();
        QTest::qWait(50); // the scroll area resizes its content from posted layout requests
        auto *speakersEdit = speakers.find<QPlainTextEdit>(QStringLiteral("extra_speakers"));
        // The value is shown whole, not in a one-line slit.
        QVERIFY(speakersEdit->height() > 5 * speakersEdit->fontMetrics().lineSpacing());
        QVERIFY(speakersEdit->parentWidget()->height() >= speakersEdit->height());
        if (!dir.isEmpty()) {
            QVERIFY(speakers.form.grab().save(dir + (dark ? QStringLiteral("/form-more-dark.png")
                                                          : QStringLiteral("/form-more.png"))));
        }
        // Text that does not parse, with where it stops parsing.
        focus(speakersEdit);
        speakersEdit->moveCursor(QTextCursor::End);
        QTest::keyClicks(speakersEdit, QStringLiteral(": [oops"));
        QTRY_COMPARE(speakers.form.invalidFields(), QStringList{QStringLiteral("speakers")});
        QTest::qWait(IdleWait);
        if (!dir.isEmpty()) {
            QVERIFY(speakers.form.grab().save(dir + (dark ? QStringLiteral("/form-invalid-dark.png")
                                                          : QStringLiteral("/form-invalid.png"))));
        }
    }
    QApplication::setPalette(original);
}

void TestFrontMatterForm::schemaGivesWidgetsByType()
{
    Harness h(kRich, richContext());
    const QStringList shown = {
        QStringLiteral("title"),   QStringLiteral("layout"),   QStringLiteral("level"),
        QStringLiteral("topics"),  QStringLiteral("recorded"), QStringLiteral("attendees"),
        QStringLiteral("summary"), QStringLiteral("starts"),   QStringLiteral("speaker_photo"),
        QStringLiteral("links"),   QStringLiteral("keywords"), QStringLiteral("venue")};
    QCOMPARE(h.form.shownKeys(), shown);
    // The kind of editor each type gets.
    QVERIFY(h.find<QLineEdit>(QStringLiteral("field_title")));
    QVERIFY(h.find<QComboBox>(QStringLiteral("field_layout"))->isEditable()); // the seed's own
    auto *level = h.find<QComboBox>(QStringLiteral("field_level"));
    QVERIFY(level && !level->isEditable());
    QVERIFY(h.find<TokenEditor>(QStringLiteral("field_topics")));
    QVERIFY(h.find<QCheckBox>(QStringLiteral("field_recorded")));
    QVERIFY(h.find<QLineEdit>(QStringLiteral("field_attendees")));
    QVERIFY(h.find<QPlainTextEdit>(QStringLiteral("field_summary")));
    QVERIFY(h.find<QDateTimeEdit>(QStringLiteral("field_starts")));
    QVERIFY(h.find<QToolButton>(QStringLiteral("field_starts_now")));
    QVERIFY(h.find<QLineEdit>(QStringLiteral("field_speaker_photo")));
    QVERIFY(h.find<QPushButton>(QStringLiteral("field_speaker_photo_choose")));
    QVERIFY(h.find<TokenEditor>(QStringLiteral("field_links")));
    QVERIFY(h.find<TokenEditor>(QStringLiteral("field_keywords")));
    QVERIFY(h.find<QLineEdit>(QStringLiteral("field_venue")));
    QVERIFY(!h.form.findChild<QWidget *>(QStringLiteral("field_secret")));
    for (const QString &key : {QStringLiteral("author"), QStringLiteral("date"),
                               QStringLiteral("featured"), QStringLiteral("description")})
        QVERIFY2(!h.form.findChild<QWidget *>(QStringLiteral("field_") + key), qPrintable(key));
    // In the schema's order, top to bottom.
    auto *area = h.find<QWidget>(QStringLiteral("formArea"));
    int y = -1;
    for (const QString &key : shown) {
        auto *w = h.find<QWidget>(QStringLiteral("field_") + key);
        QVERIFY2(w->isVisible(), qPrintable(key));
        const int top = w->mapTo(area, QPoint(0, 0)).y();
        QVERIFY2(top > y, qPrintable(key));
        y = top;
    }
    // What the file says, as Jekyll reads it.
    QCOMPARE(level->currentText(), QStringLiteral("Beginner"));
    QCOMPARE(h.find<TokenEditor>(QStringLiteral("field_topics"))->items(),
             (QStringList{QStringLiteral("rust"), QStringLiteral("go")}));
    QVERIFY(h.find<QCheckBox>(QStringLiteral("field_recorded"))->isChecked());
    QCOMPARE(h.find<QLineEdit>(QStringLiteral("field_attendees"))->text(), QStringLiteral("42"));
    QCOMPARE(h.find<QPlainTextEdit>(QStringLiteral("field_summary"))->toPlainText(),
             QStringLiteral("Two talks"));
    QCOMPARE(h.find<QDateTimeEdit>(QStringLiteral("field_starts"))->text(),
             QStringLiteral("2024-05-01 18:30"));
    QCOMPARE(h.find<QLabel>(QStringLiteral("dateZone_starts"))->text(),
             QStringLiteral("UTC+05:30"));
    // The keys the schema does not show: its hidden one and the file's own.
    QCOMPARE(h.form.extraKeys(), (QStringList{QStringLiteral("secret"), QStringLiteral("notes")}));
    for (const QString &key : shown)
        QVERIFY2(h.form.issueText(key).isEmpty(), qPrintable(h.form.issueText(key)));
    QVERIFY(h.edits.isEmpty());
}

void TestFrontMatterForm::defaultSchemaIsTheSeedForm()
{
    // No site: FormContext's default schema is the seed, and so is an empty one.
    for (const bool empty : {false, true}) {
        FormContext context = Harness::kolkata();
        if (empty)
            context.schema = SiteSchema();
        Harness h(corpusFile(kSeed), context);
        QCOMPARE(h.form.shownKeys(), FrontMatterForm::fieldKeys());
        QVERIFY(
            h.form.findChildren<QLabel *>(QRegularExpression(QStringLiteral("^help_"))).isEmpty());
        for (auto *label : h.form.findChildren<QLabel *>())
            QVERIFY2(!label->text().endsWith(QLatin1String(" *")), qPrintable(label->text()));
        QCOMPARE(h.find<QComboBox>(QStringLiteral("field_layout"))->count(), 3);
        QCOMPARE(h.find<QCheckBox>(QStringLiteral("field_featured"))->text(),
                 QStringLiteral("Featured"));
        // The site's habit (an inferred schema) adds its common keys after the seed fields.
        SiteSchema inferred = SiteSchema::seed();
        inferred.fields.append(spec(QStringLiteral("speakers_count"), FieldSpec::Type::Number));
        context.schema = inferred;
        h.form.setSite(context);
        QCOMPARE(h.form.shownKeys(),
                 FrontMatterForm::fieldKeys() + QStringList{QStringLiteral("speakers_count")});
        QVERIFY(h.edits.isEmpty());
    }
}

void TestFrontMatterForm::requiredAndHelpAreShown()
{
    Harness h(kRich, richContext());
    auto labelOf = [&](const QString &key) {
        for (auto *label : h.form.findChildren<QLabel *>()) {
            if (label->buddy() == h.find<QWidget>(QStringLiteral("field_") + key))
                return label->text();
        }
        return QString();
    };
    QCOMPARE(labelOf(QStringLiteral("title")), QStringLiteral("Talk title *"));
    QCOMPARE(labelOf(QStringLiteral("venue")), QStringLiteral("Venue *"));
    QCOMPARE(labelOf(QStringLiteral("level")), QStringLiteral("Level"));
    // The seed's own wording where the site gives none.
    QCOMPARE(labelOf(QStringLiteral("layout")), QStringLiteral("Layout"));
    auto *help = h.find<QLabel>(QStringLiteral("help_title"));
    QVERIFY(help->isVisible());
    QCOMPARE(help->text(), QStringLiteral("As the meetup page shows it"));
    QVERIFY(h.find<QLineEdit>(QStringLiteral("field_title"))
                ->toolTip()
                .contains(QStringLiteral("As the meetup page shows it")));
    QCOMPARE(h.find<QCheckBox>(QStringLiteral("field_recorded"))->text(),
             QStringLiteral("Recorded on video"));
    // A required select offers no "Not set"; an optional one does, first.
    auto *layout = h.find<QComboBox>(QStringLiteral("field_layout"));
    QCOMPARE(layout->itemText(0), QStringLiteral("post"));
    QCOMPARE(layout->count(), 2); // the schema's options, not the site's layouts
    auto *level = h.find<QComboBox>(QStringLiteral("field_level"));
    QCOMPARE(level->count(), 3);
    QCOMPARE(level->itemText(0), QStringLiteral("Not set"));
    FormContext context = richContext();
    context.schema.fields[2].required = true;
    h.form.setSite(context);
    level = h.find<QComboBox>(QStringLiteral("field_level"));
    QCOMPARE(level->count(), 2);
    QCOMPARE(level->currentText(), QStringLiteral("Beginner"));
    QCOMPARE(labelOf(QStringLiteral("level")), QStringLiteral("Level *"));
}

void TestFrontMatterForm::selectWritesTheOption()
{
    Harness h(kRich, richContext());
    auto *level = h.find<QComboBox>(QStringLiteral("field_level"));
    const int advanced = level->findText(QStringLiteral("Advanced"));
    QCOMPARE(advanced, 2);
    level->setCurrentIndex(advanced);
    QVERIFY(h.edits.isEmpty()); // only the user's choice writes
    QMetaObject::invokeMethod(level, "activated", Q_ARG(int, advanced));
    QCOMPARE(h.edits.size(), 1);
    QCOMPARE(h.edits.last(),
             FieldEdit::string(QStringLiteral("level"), QStringLiteral("advanced")));
    QCOMPARE(h.changedLine(), QByteArray("level: advanced\n"));
    QCOMPARE(level->currentText(), QStringLiteral("Advanced"));
    // "Not set" leaves the key, bare.
    level->setCurrentIndex(0);
    QMetaObject::invokeMethod(level, "activated", Q_ARG(int, 0));
    QCOMPARE(h.edits.last(), FieldEdit::yaml(QStringLiteral("level"), QString()));
    QVERIFY(h.post.contains(QStringLiteral("level")));
    QVERIFY(!h.post.value(QStringLiteral("level")).isValid());
    QCOMPARE(level->currentIndex(), 0);
    // The seed's layout takes the schema's options and writes the one picked.
    auto *layout = h.find<QComboBox>(QStringLiteral("field_layout"));
    QCOMPARE(layout->currentText(), QStringLiteral("talk"));
    Harness h2(kRich, richContext());
    layout = h2.find<QComboBox>(QStringLiteral("field_layout"));
    QMetaObject::invokeMethod(layout, "activated", Q_ARG(int, 0));
    QCOMPARE(h2.changedLine(), QByteArray("layout: post\n"));
}

void TestFrontMatterForm::valueOutsideTheOptionsIsKept()
{
    QByteArray bytes = kRich;
    bytes.replace("level: beginner", "level: expert");
    Harness h(bytes, richContext());
    auto *level = h.find<QComboBox>(QStringLiteral("field_level"));
    QCOMPARE(level->currentText(), QStringLiteral("“expert” (not an option)"));
    QCOMPARE(level->count(), 4);
    QVERIFY(h.form.issueText(QStringLiteral("level"))
                .contains(QStringLiteral("'expert' is not one of")));
    QVERIFY(!h.find<QLabel>(QStringLiteral("issue_level"))->pixmap().isNull());
    // Shown, never replaced: nothing is written until the user picks an option.
    h.form.setPost(h.post);
    QMetaObject::invokeMethod(level, "activated", Q_ARG(int, level->currentIndex()));
    QTest::qWait(IdleWait);
    QVERIFY(h.edits.isEmpty());
    QCOMPARE(h.post.toBytes(), bytes);
    QMetaObject::invokeMethod(level, "activated", Q_ARG(int, 1));
    QCOMPARE(h.changedLine(), QByteArray("level: beginner\n"));
    QCOMPARE(level->count(), 3);
    QCOMPARE(level->currentText(), QStringLiteral("Beginner"));
    QVERIFY(h.form.issueText(QStringLiteral("level")).isEmpty());
    // A multiselect shows an item outside its options as well, marked.
    QByteArray withCobol = kRich;
    withCobol.replace("topics: [rust, go]", "topics: [rust, cobol]");
    Harness h2(withCobol, richContext());
    QCOMPARE(h2.find<TokenEditor>(QStringLiteral("field_topics"))->items(),
             (QStringList{QStringLiteral("rust"), QStringLiteral("cobol")}));
    QVERIFY(h2.form.issueText(QStringLiteral("topics")).contains(QStringLiteral("'cobol'")));
    QVERIFY(h2.edits.isEmpty());
}

void TestFrontMatterForm::multiSelectTakesOnlyOptions()
{
    Harness h(kRich, richContext());
    auto *topics = h.find<TokenEditor>(QStringLiteral("field_topics"));
    QLineEdit *input = topics->lineEdit();
    focus(input);
    QTest::keyClicks(input, QStringLiteral("Python,"));
    QCOMPARE(h.edits.size(), 1);
    QCOMPARE(h.edits.last(), FieldEdit::list(QStringLiteral("topics"),
                                             {QStringLiteral("rust"), QStringLiteral("go"),
                                              QStringLiteral("python")}));
    QCOMPARE(h.changedLine(), QByteArray("topics: [rust, go, python]\n"));
    // Not an option: nothing is written, the word stays to be corrected, and the form says so.
    QTest::keyClicks(input, QStringLiteral("cobol,"));
    QCOMPARE(h.edits.size(), 1);
    QCOMPARE(input->text(), QStringLiteral("cobol"));
    QVERIFY(h.form.issueText(QStringLiteral("topics")).contains(QStringLiteral("“cobol”")));
    QCOMPARE(h.form.invalidFields(), QStringList{QStringLiteral("topics")});
    input->clear();
    QVERIFY(h.form.issueText(QStringLiteral("topics")).isEmpty());
    QVERIFY(h.form.invalidFields().isEmpty());
    // The completions are the options.
    QCOMPARE(input->completer()->model()->rowCount(), 3);
}

void TestFrontMatterForm::checkBoxNumberAndTextFields()
{
    Harness h(kRich, richContext());
    auto *recorded = h.find<QCheckBox>(QStringLiteral("field_recorded"));
    QTest::mouseClick(recorded, Qt::LeftButton, {}, recorded->rect().center());
    QCOMPARE(h.edits.last(), FieldEdit::boolean(QStringLiteral("recorded"), false));
    QCOMPARE(h.changedLine(), QByteArray("recorded: false\n"));
    QCOMPARE(h.post.value(QStringLiteral("recorded")), QVariant(false));

    Harness n(kRich, richContext());
    auto *attendees = n.find<QLineEdit>(QStringLiteral("field_attendees"));
    focus(attendees);
    attendees->selectAll();
    QTest::keyClicks(attendees, QStringLiteral("2.5"));
    QCOMPARE(n.edits.last(), FieldEdit::yaml(QStringLiteral("attendees"), QStringLiteral("2.5")));
    QCOMPARE(n.changedLine(), QByteArray("attendees: 2.5\n"));
    QCOMPARE(n.post.value(QStringLiteral("attendees")), QVariant(2.5));
    attendees->selectAll();
    QTest::keyClicks(attendees, QStringLiteral("1_000"));
    QCOMPARE(n.changedLine(), QByteArray("attendees: 1_000\n"));
    QCOMPARE(n.post.value(QStringLiteral("attendees")), QVariant(qlonglong(1000)));

    Harness t(kRich, richContext());
    auto *summary = t.find<QPlainTextEdit>(QStringLiteral("field_summary"));
    focus(summary);
    summary->moveCursor(QTextCursor::End);
    QTest::keyClicks(summary, QStringLiteral(": Rust, then Go"));
    QVERIFY(t.edits.isEmpty());
    QTRY_COMPARE(t.edits.size(), 1);
    QCOMPARE(t.edits.last().kind(), FieldEdit::Kind::String);
    QCOMPARE(t.edits.last().key(), QStringLiteral("summary"));
    QCOMPARE(t.edits.last().text(), QStringLiteral("Two talks: Rust, then Go"));
    QCOMPARE(t.changedLine(), QByteArray("summary: \"Two talks: Rust, then Go\"\n"));
    QCOMPARE(t.post.value(QStringLiteral("summary")),
             QVariant(QStringLiteral("Two talks: Rust, then Go")));
}

void TestFrontMatterForm::numberRefusesWhatJekyllReadsAsText()
{
    Harness h(kRich, richContext());
    auto *attendees = h.find<QLineEdit>(QStringLiteral("field_attendees"));
    focus(attendees);
    attendees->end(false);
    QTest::keyClicks(attendees, QStringLiteral(" people"));
    QVERIFY(h.edits.isEmpty());
    QCOMPARE(h.post.toBytes(), h.before);
    QVERIFY(h.form.issueText(QStringLiteral("attendees")).contains(QStringLiteral("not a number")));
    QCOMPARE(h.form.invalidFields(), QStringList{QStringLiteral("attendees")});
    // A body edit meanwhile leaves the text being fixed alone.
    Post bodyChanged = h.post;
    bodyChanged.setBody(QStringLiteral("typing elsewhere\n"));
    h.form.setPost(bodyChanged);
    QCOMPARE(attendees->text(), QStringLiteral("42 people"));
    for (int i = 0; i < 7; ++i)
        QTest::keyClick(attendees, Qt::Key_Backspace);
    QVERIFY(h.form.invalidFields().isEmpty());
    QVERIFY(h.form.issueText(QStringLiteral("attendees")).isEmpty());
    // Emptied, the key the file had stays, bare.
    attendees->selectAll();
    QTest::keyClick(attendees, Qt::Key_Backspace);
    QCOMPARE(h.changedLine(), QByteArray("attendees: \n"));
}

void TestFrontMatterForm::dateTimeFieldIsWrittenInTheSiteZone()
{
    Harness h(kRich, richContext());
    auto *starts = h.find<QDateTimeEdit>(QStringLiteral("field_starts"));
    focus(starts);
    starts->setCurrentSection(QDateTimeEdit::HourSection);
    QTest::keyClick(starts, Qt::Key_Up);
    QCOMPARE(h.edits.size(), 1);
    QCOMPARE(h.edits.last().kind(), FieldEdit::Kind::DateTime);
    QCOMPARE(h.changedLine(), QByteArray("starts: 2024-05-01 19:30:00 +0530\n"));
    QCOMPARE(h.post.value(QStringLiteral("starts")).typeId(), int(QMetaType::QDateTime));
    QCOMPARE(starts->text(), QStringLiteral("2024-05-01 19:30"));
    // A post without the key shows "Not set", not the file name's date (that is `date`'s).
    QByteArray without = kRich;
    without.replace("starts: 2024-05-01 18:30:00 +0530\n", "");
    Harness h2(without, richContext());
    h2.form.setFileDate(QDate(2024, 5, 1));
    QCOMPARE(h2.find<QDateTimeEdit>(QStringLiteral("field_starts"))->text(),
             QStringLiteral("Not set"));
    QTest::mouseClick(h2.find<QToolButton>(QStringLiteral("field_starts_now")), Qt::LeftButton);
    const QByteArray line = h2.changedLine();
    QVERIFY2(line.startsWith("starts: ") && line.endsWith(" +0530\n"), line.constData());
    // A new key goes at the end of the front matter.
    QVERIFY(h2.post.frontMatterText().endsWith(line));
}

void TestFrontMatterForm::imageAndListFields()
{
    Harness h(kRich, richContext());
    auto *photo = h.find<QLineEdit>(QStringLiteral("field_speaker_photo"));
    QSignalSpy chosen(&h.form, &FrontMatterForm::imageFileChosen);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(QStringLiteral("/srv/site/assets/img/bob.jpg"))});
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(photo, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(photo, &drop);
    QCOMPARE(h.changedLine(), QByteArray("speaker_photo: /assets/img/bob.jpg\n"));
    QCOMPARE(chosen.count(), 1);
    // The seed's image field is not the one that changed.
    QVERIFY(!h.post.contains(QStringLiteral("image")));

    Harness l(kRich, richContext());
    auto *links = l.find<TokenEditor>(QStringLiteral("field_links"));
    focus(links->lineEdit());
    QTest::keyClicks(links->lineEdit(), QStringLiteral("photos,"));
    QCOMPARE(l.edits.last(), FieldEdit::list(QStringLiteral("links"),
                                             {QStringLiteral("slides"), QStringLiteral("video"),
                                              QStringLiteral("photos")}));
    QCOMPARE(l.changedLine(), QByteArray("links: [slides, video, photos]\n"));
    // Tags take any word; the schema's suggestions complete.
    auto *keywords = l.find<TokenEditor>(QStringLiteral("field_keywords"));
    QCOMPARE(keywords->lineEdit()->completer()->model()->rowCount(), 2);
    focus(keywords->lineEdit());
    QTest::keyClicks(keywords->lineEdit(), QStringLiteral("meetups,"));
    QCOMPARE(l.post.value(QStringLiteral("keywords")).toStringList(),
             (QStringList{QStringLiteral("systems"), QStringLiteral("meetups")}));
}

void TestFrontMatterForm::schemaIssuesAreShownAtTheirFields()
{
    FormContext context = richContext();
    // featured is both a key Jekyll themes read as a boolean and one the site declares.
    context.schema.fields.append(spec(QStringLiteral("featured"), FieldSpec::Type::Boolean));
    QByteArray bytes = kRich;
    bytes.replace("level: beginner", "level: expert");
    bytes.replace("attendees: 42", "attendees: many");
    bytes.replace("venue: Hub\n", "featured: \"no\"\n");
    Harness h(bytes, context);
    struct Expected
    {
        QString key;
        QString text;
    };
    const QList<Expected> expected = {
        {QStringLiteral("level"), QStringLiteral("'expert' is not one of")},
        {QStringLiteral("attendees"), QStringLiteral("Should be a number")},
        {QStringLiteral("venue"), QStringLiteral("Required")},
        {QStringLiteral("featured"), QStringLiteral("Should be true or false")},
    };
    for (const Expected &e : expected) {
        const QString text = h.form.issueText(e.key);
        QVERIFY2(text.contains(e.text), qPrintable(e.key + QStringLiteral(": ") + text));
        auto *marker = h.find<QLabel>(QStringLiteral("issue_") + e.key);
        QVERIFY2(!marker->pixmap().isNull(), qPrintable(e.key));
        QCOMPARE(marker->toolTip(), text);
    }
    // The site's rule and Jekyll's reading, both; the site's error first.
    const QStringList featured =
        h.form.issueText(QStringLiteral("featured")).split(QLatin1Char('\n'));
    QCOMPARE(featured.size(), 2);
    QVERIFY(featured.first().contains(QStringLiteral("true or false")));
    QVERIFY(h.form.issueText(QStringLiteral("title")).isEmpty());
    // The wrong value is shown as written.
    QCOMPARE(h.find<QLineEdit>(QStringLiteral("field_attendees"))->text(), QStringLiteral("many"));
    // Filling a required field clears its marker.
    auto *venue = h.find<QLineEdit>(QStringLiteral("field_venue"));
    focus(venue);
    QTest::keyClicks(venue, QStringLiteral("Hub"));
    QVERIFY(h.form.issueText(QStringLiteral("venue")).isEmpty());
    QVERIFY(h.find<QLabel>(QStringLiteral("issue_venue"))->pixmap().isNull());
    // A front matter default of the site counts as set.
    context.defaults = {{QStringLiteral("venue"), QStringLiteral("Hub")}};
    Harness d(bytes, context);
    QVERIFY(d.form.issueText(QStringLiteral("venue")).isEmpty());
}

void TestFrontMatterForm::proseSchemaHidesHiddenFields()
{
    using T = FieldSpec::Type;
    SiteSchema prose;
    prose.source = SiteSchema::Source::Prose;
    FieldSpec layout = spec(QStringLiteral("layout"), T::Hidden);
    layout.defaultValue = QStringLiteral("post");
    prose.fields = {layout,
                    spec(QStringLiteral("title"), T::String, QStringLiteral("Title of the talk"),
                         false, {}, {}, QStringLiteral("Keep it short")),
                    spec(QStringLiteral("category"), T::Select, QStringLiteral("Category"), false,
                         {QStringLiteral("meetup"), QStringLiteral("workshop")}),
                    spec(QStringLiteral("published"), T::Boolean, QStringLiteral("Published"))};
    FormContext context = Harness::kolkata();
    context.schema = prose;
    Harness h("---\nlayout: post\ntitle: Hello\ncategory: workshop\n---\nBody\n", context);
    QCOMPARE(h.form.shownKeys(), (QStringList{QStringLiteral("title"), QStringLiteral("category"),
                                              QStringLiteral("published")}));
    QVERIFY(!h.form.findChild<QWidget *>(QStringLiteral("field_layout")));
    // The hidden key the file has is still reachable, as YAML.
    QCOMPARE(h.form.extraKeys(), QStringList{QStringLiteral("layout")});
    QCOMPARE(h.find<QPlainTextEdit>(QStringLiteral("extra_layout"))->toPlainText(),
             QStringLiteral("post"));
    QCOMPARE(h.find<QLabel>(QStringLiteral("help_title"))->text(), QStringLiteral("Keep it short"));
    QCOMPARE(h.find<QComboBox>(QStringLiteral("field_category"))->currentText(),
             QStringLiteral("workshop"));
    // Jekyll publishes a post without `published`: the box says so, as a default.
    auto *published = h.find<QCheckBox>(QStringLiteral("field_published"));
    QVERIFY(published->isChecked());
    QVERIFY(published->toolTip().contains(QStringLiteral("Jekyll reads it as true")));
    QTest::mouseClick(published, Qt::LeftButton, {}, published->rect().center());
    QCOMPARE(h.changedLine(), QByteArray("published: false\n"));
}

void TestFrontMatterForm::proseConfigFromASite()
{
    // End to end through SiteSchema::load: the form a Prose site's _config.yml gives.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile config(dir.filePath(QStringLiteral("_config.yml")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("title: Site\n"
                 "prose:\n"
                 "  metadata:\n"
                 "    _posts:\n"
                 "      - name: layout\n"
                 "        field:\n"
                 "          element: hidden\n"
                 "          value: post\n"
                 "      - name: title\n"
                 "        field:\n"
                 "          element: text\n"
                 "          label: Title\n"
                 "      - name: level\n"
                 "        field:\n"
                 "          element: select\n"
                 "          label: Level\n"
                 "          options:\n"
                 "            - name: Beginner\n"
                 "              value: beginner\n"
                 "            - name: Advanced\n"
                 "              value: advanced\n");
    config.close();
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("_posts")));
    const Meetdown::Site site = Meetdown::Site::load(dir.path());
    QVERIFY(site.isValid());
    FormContext context = Harness::kolkata();
    context.schema = SiteSchema::load(site);
    QCOMPARE(context.schema.source, SiteSchema::Source::Prose);
    Harness h("---\nlayout: post\ntitle: Hi\nlevel: advanced\n---\n", context);
    QCOMPARE(h.form.shownKeys(), (QStringList{QStringLiteral("title"), QStringLiteral("level")}));
    auto *level = h.find<QComboBox>(QStringLiteral("field_level"));
    QCOMPARE(level->currentText(), QStringLiteral("Advanced"));
    QMetaObject::invokeMethod(level, "activated",
                              Q_ARG(int, level->findText(QStringLiteral("Beginner"))));
    QCOMPARE(h.changedLine(), QByteArray("level: beginner\n"));
    // The same through `meetdown: fields:`, in its order, with its types.
    QTemporaryDir other;
    QFile meetdownConfig(other.filePath(QStringLiteral("_config.yml")));
    QVERIFY(meetdownConfig.open(QIODevice::WriteOnly));
    meetdownConfig.write("title: Site\n"
                         "meetdown:\n"
                         "  fields:\n"
                         "    title: { required: true, help: Short and specific }\n"
                         "    attendees: { type: number }\n"
                         "    layout: { type: select, options: [post, talk] }\n");
    meetdownConfig.close();
    QVERIFY(QDir(other.path()).mkdir(QStringLiteral("_posts")));
    context.schema = SiteSchema::load(Meetdown::Site::load(other.path()));
    QCOMPARE(context.schema.source, SiteSchema::Source::Meetdown);
    h.form.setSite(context);
    // Jekyll's own date keeps its field, after the title as usual.
    QCOMPARE(h.form.shownKeys(),
             (QStringList{QStringLiteral("title"), QStringLiteral("date"),
                          QStringLiteral("attendees"), QStringLiteral("layout")}));
    QCOMPARE(h.find<QLabel>(QStringLiteral("help_title"))->text(),
             QStringLiteral("Short and specific"));
    QCOMPARE(h.find<QComboBox>(QStringLiteral("field_layout"))->count(), 2);
    QCOMPARE(h.form.extraKeys(), QStringList{QStringLiteral("level")});
}

void TestFrontMatterForm::newSchemaRebuildsWithoutLosingTyping()
{
    Harness h(kRich, richContext());
    auto *title = h.find<QLineEdit>(QStringLiteral("field_title"));
    // The same schema again (the window's second setSite, with completions) rebuilds nothing.
    h.form.setSite(richContext());
    QCOMPARE(h.find<QLineEdit>(QStringLiteral("field_title")), title);

    // Text the post refused stays where it was typed until it is fixed.
    auto *attendees = h.find<QLineEdit>(QStringLiteral("field_attendees"));
    focus(attendees);
    attendees->end(false);
    QTest::keyClicks(attendees, QStringLiteral("x"));
    QCOMPARE(h.form.invalidFields(), QStringList{QStringLiteral("attendees")});
    FormContext seed = Harness::kolkata();
    h.form.setSite(seed);
    QCoreApplication::processEvents();
    QCOMPARE(h.find<QLineEdit>(QStringLiteral("field_attendees")), attendees);
    QCOMPARE(attendees->text(), QStringLiteral("42x"));
    QCOMPARE(h.form.invalidFields(), QStringList{QStringLiteral("attendees")});
    QTest::keyClick(attendees, Qt::Key_Backspace);
    QTest::keyClick(attendees, Qt::Key_Backspace);
    QTest::keyClicks(attendees, QStringLiteral("5"));
    QCOMPARE(h.changedLine(), QByteArray("attendees: 45\n"));
    // Still typed into and focused: the field stays under the user's hands.
    QTest::qWait(50);
    QVERIFY(h.form.findChild<QLineEdit *>(QStringLiteral("field_attendees")) == attendees);
    // Then, once the focus moves on, the seed form, with the site's keys under More fields; the
    // field the focus went to keeps it.
    focus(h.find<QLineEdit>(QStringLiteral("field_title")));
    QTRY_COMPARE(h.form.shownKeys(), FrontMatterForm::fieldKeys());
    QTRY_VERIFY(h.find<QLineEdit>(QStringLiteral("field_title"))->hasFocus());
    QVERIFY(!h.form.findChild<QWidget *>(QStringLiteral("field_attendees")));
    QVERIFY(h.form.extraKeys().contains(QStringLiteral("attendees")));
    QCOMPARE(h.find<QPlainTextEdit>(QStringLiteral("extra_attendees"))->toPlainText(),
             QStringLiteral("45"));
    QCOMPARE(h.find<QLineEdit>(QStringLiteral("field_title"))->text(),
             QStringLiteral("Rust and Go night"));

    // A description being typed keeps its field, and its pause, until the focus leaves it.
    auto *description = h.find<QPlainTextEdit>(QStringLiteral("field_description"));
    focus(description);
    QTest::keyClicks(description, QStringLiteral("Two talks and pizza"));
    const int before = int(h.edits.size());
    h.form.setSite(richContext());
    QCoreApplication::processEvents();
    QCOMPARE(int(h.edits.size()), before);
    QVERIFY(h.form.findChild<QPlainTextEdit *>(QStringLiteral("field_description")) == description);
    QTest::keyClicks(description, QStringLiteral("!"));
    QTRY_COMPARE(int(h.edits.size()), before + 1);
    QCOMPARE(h.post.value(QStringLiteral("description")),
             QVariant(QStringLiteral("Two talks and pizza!")));
    QCOMPARE(h.form.shownKeys(), FrontMatterForm::fieldKeys());
    description->clearFocus();
    QTRY_COMPARE(h.form.shownKeys().first(), QStringLiteral("title"));
    QVERIFY(h.form.extraKeys().contains(QStringLiteral("description")));
    QTest::qWait(IdleWait);
    QCOMPARE(int(h.edits.size()), before + 1);
}

void TestFrontMatterForm::screenshotWithARichSchema()
{
    QApplication::setPalette(QApplication::style()->standardPalette());
    QByteArray bytes = kRich;
    bytes.replace("level: beginner", "level: expert");
    bytes.replace("venue: Hub\n", "");
    Harness h(bytes, richContext());
    h.form.setFileDate(QDate(2024, 5, 1));
    constexpr int Width = 380;
    h.form.resize(Width, 1300);
    QTest::qWait(50);
    auto *viewport = h.form.findChild<QScrollArea *>()->viewport();
    // Nothing cut off at the pane's default width: every editor and its label within the pane.
    for (const QString &key : h.form.shownKeys()) {
        auto *editor = h.find<QWidget>(QStringLiteral("field_") + key);
        QVERIFY2(editor->isVisible(), qPrintable(key));
        const QRect r(editor->mapTo(viewport, QPoint(0, 0)), editor->size());
        QVERIFY2(r.left() >= 0 && r.right() < viewport->width(), qPrintable(key));
        QVERIFY2(r.width() >= editor->minimumSizeHint().width(), qPrintable(key));
    }
    for (auto *label : h.form.findChildren<QLabel *>()) {
        if (!label->isVisible() || label->text().isEmpty() || label->wordWrap())
            continue;
        QVERIFY2(label->width() >= label->sizeHint().width(), qPrintable(label->text()));
    }
    const QString dir = qEnvironmentVariable("MEETDOWN_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(h.form.grab().save(dir + QStringLiteral("/form-schema.png")));
}

namespace {

// The seed form plus a field, as the window's second setSite brings it once the site's posts are
// read: another schema, so the form rebuilds.
FormContext withComments()
{
    FormContext context = Harness::kolkata();
    FieldSpec comments = spec(QStringLiteral("comments"), FieldSpec::Type::Boolean);
    comments.inferred = true;
    context.schema.fields.append(comments);
    return context;
}

// A Prose site whose selects have true/false and number values, loaded the way the window
// loads it.
SiteSchema proseSelects(const QTemporaryDir &dir)
{
    QFile config(dir.filePath(QStringLiteral("_config.yml")));
    if (!config.open(QIODevice::WriteOnly))
        return {};
    config.write("title: Site\n"
                 "prose:\n"
                 "  metadata:\n"
                 "    _posts:\n"
                 "      - name: title\n"
                 "        field: {element: text, label: Title}\n"
                 "      - name: comments\n"
                 "        field:\n"
                 "          element: select\n"
                 "          label: Comments\n"
                 "          options:\n"
                 "            - {name: \"Yes\", value: true}\n"
                 "            - {name: \"No\", value: false}\n"
                 "      - name: talks\n"
                 "        field:\n"
                 "          element: select\n"
                 "          options: [{name: One, value: 1}, {name: Two, value: 2}]\n"
                 "      - name: room\n"
                 "        field:\n"
                 "          element: select\n"
                 "          options: [{name: Big, value: \"1\"}, {name: Small, value: small}]\n");
    config.close();
    QDir(dir.path()).mkdir(QStringLiteral("_posts"));
    return SiteSchema::load(Meetdown::Site::load(dir.path()));
}

} // namespace

void TestFrontMatterForm::newSchemaLeavesAHalfTypedTagAlone()
{
    Harness h("---\ntitle: T\ntags: [python]\n---\nBody\n");
    auto *tags = h.find<TokenEditor>(QStringLiteral("field_tags"));
    focus(tags->lineEdit());
    QTest::keyClicks(tags->lineEdit(), QStringLiteral("mee"));
    // The site's posts are read meanwhile, and bring another schema.
    h.form.setSite(withComments());
    QCoreApplication::processEvents();
    QTest::qWait(IdleWait);
    // "mee" is not a tag: nothing written, the word and the focus where they were.
    QVERIFY(h.edits.isEmpty());
    QCOMPARE(h.post.toBytes(), h.before);
    QVERIFY(h.form.findChild<TokenEditor *>(QStringLiteral("field_tags")) == tags);
    QCOMPARE(tags->lineEdit()->text(), QStringLiteral("mee"));
    QCOMPARE(tags->items(), QStringList{QStringLiteral("python")});
    QVERIFY(tags->lineEdit()->hasFocus());
    QVERIFY(!h.form.shownKeys().contains(QStringLiteral("comments")));
    // The word is finished as the user means it.
    QTest::keyClicks(tags->lineEdit(), QStringLiteral("tup"));
    QTest::keyClick(tags->lineEdit(), Qt::Key_Return);
    QCOMPARE(h.edits.size(), 1);
    QCOMPARE(h.changedLine(), QByteArray("tags: [python, meetup]\n"));
    // The new schema comes once the focus leaves the field.
    tags->lineEdit()->clearFocus();
    QTRY_VERIFY(h.form.shownKeys().contains(QStringLiteral("comments")));
    auto *rebuilt = h.find<TokenEditor>(QStringLiteral("field_tags"));
    QCOMPARE(rebuilt->items(), (QStringList{QStringLiteral("python"), QStringLiteral("meetup")}));
    QVERIFY(rebuilt->lineEdit()->text().isEmpty());
    QCOMPARE(h.edits.size(), 1);
}

void TestFrontMatterForm::anotherFileBringsTheWaitingSchema()
{
    Harness h("---\ntitle: T\ntags: [python]\n---\nBody\n");
    auto *tags = h.find<TokenEditor>(QStringLiteral("field_tags"));
    focus(tags->lineEdit());
    QTest::keyClicks(tags->lineEdit(), QStringLiteral("mee"));
    h.form.setSite(withComments());
    QCoreApplication::processEvents();
    QVERIFY(!h.form.shownKeys().contains(QStringLiteral("comments")));
    // Another file: nothing typed for the last one is kept, and the schema waits no longer.
    const Post other = Post::fromBytes("---\ntitle: Other\ncomments: true\n---\nOther body\n");
    h.form.setPost(other);
    QVERIFY(h.form.shownKeys().contains(QStringLiteral("comments")));
    QVERIFY(h.find<QCheckBox>(QStringLiteral("field_comments"))->isChecked());
    QVERIFY(h.find<TokenEditor>(QStringLiteral("field_tags"))->lineEdit()->text().isEmpty());
    QCOMPARE(h.find<QLineEdit>(QStringLiteral("field_title"))->text(), QStringLiteral("Other"));
    QTest::qWait(IdleWait);
    QVERIFY(h.edits.isEmpty());
}

void TestFrontMatterForm::selectWritesBooleansAndNumbers()
{
    QTemporaryDir dir;
    FormContext context = Harness::kolkata();
    context.schema = proseSelects(dir);
    QCOMPARE(context.schema.source, SiteSchema::Source::Prose);
    const QByteArray bytes = "---\ntitle: T\ncomments: true\ntalks: 1\nroom: small\n---\nBody\n";

    Harness h(bytes, context);
    auto *comments = h.find<QComboBox>(QStringLiteral("field_comments"));
    QCOMPARE(comments->currentText(), QStringLiteral("Yes"));
    QMetaObject::invokeMethod(comments, "activated",
                              Q_ARG(int, comments->findText(QStringLiteral("No"))));
    QCOMPARE(h.edits.size(), 1);
    QCOMPARE(h.edits.last(), FieldEdit::yaml(QStringLiteral("comments"), QStringLiteral("false")));
    // false, which Liquid reads as false, not the text "false", which it reads as true.
    QCOMPARE(h.changedLine(), QByteArray("comments: false\n"));
    QCOMPARE(h.post.value(QStringLiteral("comments")), QVariant(false));
    QCOMPARE(comments->currentText(), QStringLiteral("No"));
    QVERIFY(h.form.issueText(QStringLiteral("comments")).isEmpty());

    Harness h2(bytes, context);
    auto *talks = h2.find<QComboBox>(QStringLiteral("field_talks"));
    QCOMPARE(talks->currentText(), QStringLiteral("One"));
    QMetaObject::invokeMethod(talks, "activated",
                              Q_ARG(int, talks->findText(QStringLiteral("Two"))));
    QCOMPARE(h2.changedLine(), QByteArray("talks: 2\n"));
    QCOMPARE(h2.post.value(QStringLiteral("talks")).typeId(), int(QMetaType::LongLong));
    QCOMPARE(h2.post.value(QStringLiteral("talks")).toLongLong(), 2);
    QVERIFY(h2.form.issueText(QStringLiteral("talks")).isEmpty());

    // An option whose value is text stays text, quoted when Psych would read something else.
    Harness h3(bytes, context);
    auto *room = h3.find<QComboBox>(QStringLiteral("field_room"));
    QCOMPARE(room->currentText(), QStringLiteral("Small"));
    QMetaObject::invokeMethod(room, "activated", Q_ARG(int, room->findText(QStringLiteral("Big"))));
    QCOMPARE(h3.edits.last(), FieldEdit::string(QStringLiteral("room"), QStringLiteral("1")));
    QCOMPARE(h3.post.value(QStringLiteral("room")), QVariant(QStringLiteral("1")));
    QVERIFY(h3.form.issueText(QStringLiteral("room")).isEmpty());
}

void TestFrontMatterForm::selectShowsTheOptionJekyllReads()
{
    FormContext context = Harness::kolkata();
    context.schema.source = SiteSchema::Source::Meetdown;
    FieldSpec comments = spec(QStringLiteral("comments"), FieldSpec::Type::Select, {}, false,
                              {QStringLiteral("true"), QStringLiteral("false")});
    comments.optionValues = {true, false};
    context.schema.fields = {spec(QStringLiteral("title"), FieldSpec::Type::String), comments};

    // Psych reads `yes` as true: the option true, and picking it again keeps the author's yes.
    const QByteArray yes = "---\ntitle: T\ncomments: yes\n---\nBody\n";
    Harness h(yes, context);
    auto *combo = h.find<QComboBox>(QStringLiteral("field_comments"));
    QCOMPARE(combo->currentText(), QStringLiteral("true"));
    QCOMPARE(combo->count(), 3); // Not set, true, false: no entry for a value outside them
    QVERIFY(h.form.issueText(QStringLiteral("comments")).isEmpty());
    QMetaObject::invokeMethod(combo, "activated", Q_ARG(int, combo->currentIndex()));
    QVERIFY(h.edits.isEmpty());
    QCOMPARE(h.post.toBytes(), yes);

    // The text "false" only looks like the option: Liquid reads it as true. Shown as what it is.
    Harness h2("---\ntitle: T\ncomments: \"false\"\n---\nBody\n", context);
    combo = h2.find<QComboBox>(QStringLiteral("field_comments"));
    QCOMPARE(combo->currentText(), QStringLiteral("“false” (not an option)"));
    QVERIFY2(h2.form.issueText(QStringLiteral("comments"))
                 .contains(QStringLiteral("write it without quotes")),
             qPrintable(h2.form.issueText(QStringLiteral("comments"))));
    QMetaObject::invokeMethod(combo, "activated",
                              Q_ARG(int, combo->findText(QStringLiteral("false"))));
    QCOMPARE(h2.changedLine(), QByteArray("comments: false\n"));
    QCOMPARE(combo->currentText(), QStringLiteral("false"));
    QVERIFY(h2.form.issueText(QStringLiteral("comments")).isEmpty());

    // Options given as text only are read the way Psych reads them unquoted.
    comments.optionValues.clear();
    context.schema.fields = {spec(QStringLiteral("title"), FieldSpec::Type::String), comments};
    Harness h3(yes, context);
    QCOMPARE(h3.find<QComboBox>(QStringLiteral("field_comments"))->currentText(),
             QStringLiteral("true"));
    QVERIFY(h3.form.issueText(QStringLiteral("comments")).isEmpty());
}

void TestFrontMatterForm::multiSelectWritesNumbersAsNumbers()
{
    FormContext context = Harness::kolkata();
    context.schema.source = SiteSchema::Source::Meetdown;
    FieldSpec rooms = spec(QStringLiteral("rooms"), FieldSpec::Type::MultiSelect, {}, false,
                           {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("lobby")});
    rooms.optionValues = {1LL, 2LL, QStringLiteral("lobby")};
    context.schema.fields = {spec(QStringLiteral("title"), FieldSpec::Type::String), rooms};
    Harness h("---\ntitle: T\nrooms: [1]\n---\nBody\n", context);
    auto *tokens = h.find<TokenEditor>(QStringLiteral("field_rooms"));
    focus(tokens->lineEdit());
    QTest::keyClicks(tokens->lineEdit(), QStringLiteral("2,lobby,"));
    QCOMPARE(h.changedLine(), QByteArray("rooms: [1, 2, lobby]\n"));
    const QVariantList items = h.post.value(QStringLiteral("rooms")).toList();
    QCOMPARE(items.size(), 3);
    QCOMPARE(items.at(1).typeId(), int(QMetaType::LongLong));
    QCOMPARE(items.at(2), QVariant(QStringLiteral("lobby")));
    QVERIFY(h.form.issueText(QStringLiteral("rooms")).isEmpty());
    // A block list stays one.
    Harness h2("---\ntitle: T\nrooms:\n  - 1\n---\nBody\n", context);
    tokens = h2.find<TokenEditor>(QStringLiteral("field_rooms"));
    focus(tokens->lineEdit());
    QTest::keyClicks(tokens->lineEdit(), QStringLiteral("2,"));
    QCOMPARE(h2.post.toBytes(), QByteArray("---\ntitle: T\nrooms:\n  - 1\n  - 2\n---\nBody\n"));
}

namespace {

// The `meetdown: fields:` schema a tester's site had, where fixing one field's value misaligned
// the others.
SiteSchema testerSchema()
{
    QTemporaryDir dir;
    QFile config(dir.filePath(QStringLiteral("_config.yml")));
    if (!config.open(QIODevice::WriteOnly))
        return {};
    config.write("title: Site\n"
                 "meetdown:\n"
                 "  fields:\n"
                 "    author: { required: true, help: \"The organizer who writes the report\" }\n"
                 "    venue:  { type: select, options: [Hub, Library, 42], default: Hub, "
                 "required: true }\n"
                 "    talks:  { type: number, label: \"Number of talks\", help: \"How many\" }\n"
                 "    summary: { type: text, label: Summary }\n"
                 "    starts: { type: datetime, label: \"Starts at\" }\n"
                 "    recorded: { type: boolean, default: false }\n"
                 "    topics: { type: multiselect, options: [python, web, data] }\n"
                 "    keywords: { type: tags }\n"
                 "    banner: { type: image }\n"
                 "    sponsors: { type: list }\n"
                 "    tags: { type: tags, required: true }\n");
    config.close();
    QDir(dir.path()).mkdir(QStringLiteral("_posts"));
    return SiteSchema::load(Meetdown::Site::load(dir.path()));
}

const QByteArray kTester = "---\n"
                           "layout: post\n"
                           "title: August\n"
                           "date: 2015-08-22 18:30:00 +0530\n"
                           "tags: [meetup, python]\n"
                           "description: Two talks\n"
                           "talks: three\n"
                           "topics: [python, cooking]\n"
                           "sponsors: acme\n"
                           "author: janaki\n"
                           "venue: Hub\n"
                           "summary: Short\n"
                           "keywords: a b c\n"
                           "---\n"
                           "Body\n";

// Why the form's rows are out of line, or empty: each label's vertical center on its field's
// first line, each date's Now button shown in its place, the line under the date.
QString misaligned(FrontMatterForm &form)
{
    QWidget *holder = form.findChild<QWidget *>(QStringLiteral("fields"));
    QStringList problems;
    for (auto *label : holder->findChildren<QLabel *>()) {
        QWidget *editor = label->buddy();
        if (!editor || !label->isVisible())
            continue;
        const QRect e(editor->mapTo(holder, QPoint(0, 0)), editor->size());
        const int center = label->mapTo(holder, QPoint(0, label->height() / 2)).y();
        // A tall editor's label sits beside its first line.
        const int firstLine = qMin(e.bottom(), e.top() + QLineEdit().sizeHint().height() + 4);
        if (center < e.top() || center > firstLine)
            problems.append(QStringLiteral("%1 at %2, field %3..%4")
                                .arg(label->text())
                                .arg(center)
                                .arg(e.top())
                                .arg(e.bottom()));
    }
    for (auto *date : holder->findChildren<QDateTimeEdit *>()) {
        auto *now = holder->findChild<QToolButton *>(date->objectName() + QStringLiteral("_now"));
        if (!now || !now->isVisible()) {
            problems.append(date->objectName() + QStringLiteral(": no Now"));
            continue;
        }
        const QRect d(date->mapTo(holder, QPoint(0, 0)), date->size());
        const QRect n(now->mapTo(holder, QPoint(0, 0)), now->size());
        if (n.top() <= d.bottom() || n.top() > d.bottom() + 12 || qAbs(n.left() - d.left()) > 6)
            problems.append(date->objectName() + QStringLiteral(": Now not under the date"));
    }
    return problems.join(QStringLiteral("; "));
}

} // namespace

void TestFrontMatterForm::issueChangesKeepTheRowsAligned()
{
    QApplication::setPalette(QApplication::style()->standardPalette());
    FormContext context = Harness::kolkata();
    context.schema = testerSchema();
    QCOMPARE(context.schema.source, SiteSchema::Source::Meetdown);
    Harness h(kTester, context);
    h.form.resize(380, 1300);
    QTest::qWait(50);
    QDir().mkpath(QStringLiteral("/tmp/formfix"));
    h.form.grab().save(QStringLiteral("/tmp/formfix/aligned-before.png"));
    QVERIFY(!h.form.issueText(QStringLiteral("talks")).isEmpty());
    QString problems = misaligned(h.form);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));

    auto *talks = h.find<QLineEdit>(QStringLiteral("field_talks"));
    focus(talks);
    talks->selectAll();
    QTest::keyClicks(talks, QStringLiteral("3"));
    QCOMPARE(h.post.value(QStringLiteral("talks")), QVariant(3LL));
    QVERIFY(h.form.issueText(QStringLiteral("talks")).isEmpty());
    QTest::qWait(50);
    h.form.grab().save(QStringLiteral("/tmp/formfix/aligned-after.png"));
    problems = misaligned(h.form);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));

    // And back, with the pane at other widths.
    talks->selectAll();
    QTest::keyClicks(talks, QStringLiteral("x"));
    QVERIFY(!h.form.issueText(QStringLiteral("talks")).isEmpty());
    for (int width : {h.form.minimumSizeHint().width(), 300, 520}) {
        h.form.resize(qMax(width, h.form.minimumSizeHint().width()), 1300);
        QTest::qWait(20);
        h.form.grab().save(QStringLiteral("/tmp/formfix/aligned-%1.png").arg(width));
        problems = misaligned(h.form);
        QVERIFY2(problems.isEmpty(),
                 qPrintable(QString::number(width) + QLatin1Char(' ') + problems));
    }
}

void TestFrontMatterForm::missingCheckBoxShowsItsDefault()
{
    // Prose's `published` checkbox with `value: true`, and a key with a default of its own.
    using T = FieldSpec::Type;
    FormContext context = Harness::kolkata();
    context.schema.source = SiteSchema::Source::Prose;
    FieldSpec published =
        spec(QStringLiteral("published"), T::Boolean, QStringLiteral("Published"));
    published.defaultValue = true;
    FieldSpec recorded = spec(QStringLiteral("recorded"), T::Boolean, QStringLiteral("Recorded"));
    recorded.defaultValue = true;
    context.schema.fields = {spec(QStringLiteral("title"), T::String), published, recorded};
    const QByteArray bytes = "---\ntitle: Hello\n---\nBody\n";
    Harness h(bytes, context);
    QSignalSpy edits(&h.form, &FrontMatterForm::editRequested);
    QDir().mkpath(QStringLiteral("/tmp/formfix"));
    h.form.grab().save(QStringLiteral("/tmp/formfix/published-default.png"));
    auto *box = h.find<QCheckBox>(QStringLiteral("field_published"));
    QVERIFY(box->isChecked());
    QVERIFY(box->font().italic()); // marked as a default, not the file's value
    QVERIFY(box->toolTip().contains(QStringLiteral("not set in the file"), Qt::CaseInsensitive));
    QVERIFY(box->toolTip().contains(QStringLiteral("Jekyll reads it as true")));
    auto *other = h.find<QCheckBox>(QStringLiteral("field_recorded"));
    QVERIFY(other->isChecked());
    QVERIFY(other->toolTip().contains(QStringLiteral("site's default")));
    // Nothing is written until the user clicks.
    h.form.setPost(h.post);
    QCOMPARE(edits.count(), 0);
    QCOMPARE(h.post.toBytes(), bytes);
    QTest::mouseClick(box, Qt::LeftButton, {}, box->rect().center());
    QCOMPARE(h.changedLine(), QByteArray("published: false\n"));
    QVERIFY(!box->isChecked());
    QVERIFY(!box->font().italic());
    QVERIFY(!box->toolTip().contains(QStringLiteral("not set in the file"), Qt::CaseInsensitive));
    // Back on: the key the file did not have goes again, and the box shows the default again.
    QTest::mouseClick(box, Qt::LeftButton, {}, box->rect().center());
    QCOMPARE(h.post.toBytes(), bytes);
    QVERIFY(box->isChecked());
    // A key set in the file is shown as it is, unmarked.
    Harness set("---\ntitle: Hello\npublished: false\n---\nBody\n", context);
    box = set.find<QCheckBox>(QStringLiteral("field_published"));
    QVERIFY(!box->isChecked());
    QVERIFY(!box->font().italic());
    // Without a default a missing key is false, as before.
    context.schema.fields.last().defaultValue = QVariant();
    Harness plain(bytes, context);
    other = plain.find<QCheckBox>(QStringLiteral("field_recorded"));
    QVERIFY(!other->isChecked());
    QVERIFY(!other->font().italic());
    QTest::mouseClick(other, Qt::LeftButton, {}, other->rect().center());
    QCOMPARE(plain.changedLine(), QByteArray("recorded: true\n"));
}

void TestFrontMatterForm::stringOfACustomTagsKeyIsOneItem()
{
    // Jekyll splits the string of `tags` and `categories` at spaces; any other key's string is
    // one value.
    FormContext context = Harness::kolkata();
    context.schema.source = SiteSchema::Source::Meetdown;
    context.schema.fields = {spec(QStringLiteral("keywords"), FieldSpec::Type::Tags),
                             spec(QStringLiteral("tags"), FieldSpec::Type::Tags)};
    const QByteArray bytes = "---\nkeywords: a b c\ntags: x y\n---\nBody\n";
    Harness h(bytes, context);
    QSignalSpy edits(&h.form, &FrontMatterForm::editRequested);
    auto *keywords = h.find<TokenEditor>(QStringLiteral("field_keywords"));
    QCOMPARE(keywords->items(), QStringList{QStringLiteral("a b c")});
    QCOMPARE(h.find<TokenEditor>(QStringLiteral("field_tags"))->items(),
             (QStringList{QStringLiteral("x"), QStringLiteral("y")}));
    h.form.setPost(h.post);
    h.form.commitPendingEdits();
    QCOMPARE(edits.count(), 0);
    QCOMPARE(h.post.toBytes(), bytes);
    // Edited, it keeps the string as the one item it is.
    focus(keywords->lineEdit());
    QTest::keyClicks(keywords->lineEdit(), QStringLiteral("d,"));
    QCOMPARE(h.post.value(QStringLiteral("keywords")).toList(),
             (QVariantList{QStringLiteral("a b c"), QStringLiteral("d")}));
}

void TestFrontMatterForm::typingADateWithoutADateKeyWritesIt()
{
    // The user's test: click into "2010-06-24 (from the file name)", End (or Home), type.
    const QByteArray before = corpusFile(kNoDate);
    QVERIFY(before.contains("  - Meetings\n---\n"));
    struct Case
    {
        Qt::Key key;
        QString typed;
        QByteArray line;
        int finish; // a key that ends typing (Enter, Tab), or 0: the focus goes elsewhere
    };
    // Tab steps on to the next field (QDateTimeEdit's own Tab, over typed text, crashed Qt).
    const QList<Case> cases = {
        {Qt::Key_End, QStringLiteral("2010-07-21"), "date: 2010-07-21 00:00:00 +0530\n",
         Qt::Key_Return},
        {Qt::Key_Home, QStringLiteral("2010-07-21 18:05"), "date: 2010-07-21 18:05:00 +0530\n", 0},
        {Qt::Key_End, QStringLiteral("2010-07-22"), "date: 2010-07-22 00:00:00 +0530\n",
         Qt::Key_Tab},
    };
    for (const Case &c : cases) {
        Harness h(before);
        h.form.setFileDate(QDate(2010, 6, 24));
        auto *date = h.find<QDateTimeEdit>(QStringLiteral("field_date"));
        QCOMPARE(date->text(), QStringLiteral("2010-06-24 (from the file name)"));
        clickIntoDate(date, 12);
        QTest::keyClick(date, c.key);
        QTest::keyClicks(date, c.typed);
        // What is typed is shown as typed, hint gone, and nothing is written while typing.
        auto *typed = h.find<QLineEdit>(QStringLiteral("field_date_typed"));
        QVERIFY(typed && typed->isVisible());
        // Keys the text does not take (Shift alone, F5, Ctrl+S) go on up, not back and forth
        // between the text and the field (that recursed until the stack overflowed).
        QTest::keyClick(typed, Qt::Key_Shift);
        QTest::keyClick(typed, Qt::Key_F5);
        QTest::keyClick(typed, Qt::Key_S, Qt::ControlModifier);
        QTest::keyClick(date, Qt::Key_F5);
        // Nor does the mouse wheel step the old date over what is being typed.
        QWheelEvent wheel(QPointF(5, 5), date->mapToGlobal(QPointF(5, 5)), QPoint(), QPoint(0, 120),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(date, &wheel);
        QCOMPARE(typed->text(), c.typed);
        QVERIFY(h.edits.isEmpty());
        QCOMPARE(typed->text(), c.typed);
        QVERIFY(h.edits.isEmpty());
        QVERIFY(h.form.invalidFields().isEmpty());
        if (c.finish == Qt::Key_Tab)
            QTest::keyClick(typed, Qt::Key_Tab);
        else if (c.finish)
            QTest::keyClick(date, Qt::Key(c.finish));
        else
            focus(h.find<QLineEdit>(QStringLiteral("field_title")));
        // Applied once the key or focus event is over.
        QTRY_COMPARE(h.edits.size(), 1);
        if (c.finish == Qt::Key_Tab)
            QVERIFY(!date->isAncestorOf(QApplication::focusWidget()));
        // The way Now and the calendar write it.
        QCOMPARE(h.edits.last().kind(), FieldEdit::Kind::DateTime);
        QByteArray expected = before;
        expected.replace("  - Meetings\n---\n", "  - Meetings\n" + c.line + "---\n");
        QCOMPARE(h.post.toBytes(), expected);
        QVERIFY(!typed->isVisible());
        QCOMPARE(date->text(), c.typed.size() == 10 ? c.typed + QStringLiteral(" 00:00") : c.typed);
        QVERIFY(h.form.issueText(QStringLiteral("date")).isEmpty());
        QVERIFY(h.form.invalidFields().isEmpty());
    }
}

void TestFrontMatterForm::typingADateReplacesTheShownDate()
{
    Harness h(kDated);
    auto *date = h.find<QDateTimeEdit>(QStringLiteral("field_date"));
    QCOMPARE(date->text(), QStringLiteral("2010-06-24 18:30"));
    // A click past the minutes selects the whole date: typing replaces it, not the minutes.
    clickIntoDate(date, -3);
    QTest::keyClicks(date, QStringLiteral("2010-07-21"));
    QVERIFY(h.edits.isEmpty());
    QTest::keyClick(date, Qt::Key_Enter);
    // Without a time the date's own time stays, as with the calendar.
    QByteArray expected = kDated;
    expected.replace("date: 2010-06-24 18:30:00 +0530\n", "date: 2010-07-21 18:30:00 +0530\n");
    QCOMPARE(h.post.toBytes(), expected);
    QCOMPARE(h.edits.size(), 1);
    QCOMPARE(h.edits.last(), FieldEdit::dateTime(QStringLiteral("date"),
                                                 QDateTime(QDate(2010, 7, 21), QTime(18, 30),
                                                           QTimeZone("Asia/Kolkata")),
                                                 QTimeZone("Asia/Kolkata")));
    QCOMPARE(date->text(), QStringLiteral("2010-07-21 18:30"));

    // Enter leaves the field focused with its date selected; typing again replaces it, with a
    // time this time, committed when the focus leaves.
    QVERIFY(date->hasFocus());
    auto *shown = date->findChild<QLineEdit *>(QStringLiteral("qt_spinbox_lineedit"));
    QCOMPARE(shown->selectedText(), QStringLiteral("2010-07-21 18:30"));
    QTest::keyClicks(date, QStringLiteral("2010-07-21 19:05"));
    QCOMPARE(h.edits.size(), 1);
    focus(h.find<QLineEdit>(QStringLiteral("field_title")));
    expected.replace("date: 2010-07-21 18:30:00 +0530\n", "date: 2010-07-21 19:05:00 +0530\n");
    QCOMPARE(h.post.toBytes(), expected);
    QCOMPARE(h.edits.size(), 2);

    // The date it already has writes nothing; neither does a click and leaving.
    clickIntoDate(date, 8);
    QTest::keyClicks(date, QStringLiteral("2010-07-21 19:05"));
    QTest::keyClick(date, Qt::Key_Return);
    clickIntoDate(date, 8);
    focus(h.find<QLineEdit>(QStringLiteral("field_title")));
    QCOMPARE(h.edits.size(), 2);
    QCOMPARE(h.post.toBytes(), expected);

    // Stepping a section with the arrow keys still works as before.
    focus(date);
    date->setCurrentSection(QDateTimeEdit::HourSection);
    QTest::keyClick(date, Qt::Key_Up);
    expected.replace("date: 2010-07-21 19:05:00 +0530\n", "date: 2010-07-21 20:05:00 +0530\n");
    QCOMPARE(h.post.toBytes(), expected);
}

void TestFrontMatterForm::typedTextThatIsNotADateWritesNothing()
{
    Harness h(kDated);
    auto *date = h.find<QDateTimeEdit>(QStringLiteral("field_date"));
    clickIntoDate(date, 8);
    QTest::keyClicks(date, QStringLiteral("2010-13-45"));
    QTest::keyClick(date, Qt::Key_Return);
    QVERIFY(h.edits.isEmpty());
    QCOMPARE(h.post.toBytes(), h.before);
    // Shown as invalid at the field, the text kept for the user to fix.
    QVERIFY2(h.form.issueText(QStringLiteral("date")).contains(QStringLiteral("“2010-13-45”")),
             qPrintable(h.form.issueText(QStringLiteral("date"))));
    QVERIFY(h.find<QLabel>(QStringLiteral("issue_date"))->pixmap().isNull() == false);
    QCOMPARE(h.form.invalidFields(), QStringList{QStringLiteral("date")});
    auto *typed = h.find<QLineEdit>(QStringLiteral("field_date_typed"));
    QCOMPARE(typed->text(), QStringLiteral("2010-13-45"));
    QCOMPARE(date->text(), QStringLiteral("2010-06-24 18:30"));
    // Leaving the field or a save writes nothing either.
    focus(h.find<QLineEdit>(QStringLiteral("field_title")));
    h.form.commitPendingEdits();
    QVERIFY(h.edits.isEmpty());
    QCOMPARE(h.form.invalidFields(), QStringList{QStringLiteral("date")});
    QVERIFY(typed->isVisible());
    // Esc gives the post's date back.
    focus(typed);
    QTest::keyClick(typed, Qt::Key_Escape);
    QVERIFY(!typed->isVisible());
    QVERIFY(h.form.invalidFields().isEmpty());
    QVERIFY(h.form.issueText(QStringLiteral("date")).isEmpty());
    QCOMPARE(date->text(), QStringLiteral("2010-06-24 18:30"));

    // Half typed, then saved (Ctrl+S flushes first) or left: nothing, in a post without a date.
    for (const bool save : {true, false}) {
        Harness n(corpusFile(kNoDate));
        n.form.setFileDate(QDate(2010, 6, 24));
        auto *noDate = n.find<QDateTimeEdit>(QStringLiteral("field_date"));
        clickIntoDate(noDate, 12);
        QTest::keyClicks(noDate, QStringLiteral("2010-07"));
        QCOMPARE(n.form.invalidFields(), QStringList{QStringLiteral("date")});
        if (save)
            n.form.commitPendingEdits();
        else
            focus(n.find<QLineEdit>(QStringLiteral("field_title")));
        QVERIFY(n.edits.isEmpty());
        QCOMPARE(n.post.toBytes(), n.before);
        QVERIFY(!n.form.issueText(QStringLiteral("date")).isEmpty());
        // Finished, the error goes as soon as the text is a date; the save writes it.
        auto *text = n.find<QLineEdit>(QStringLiteral("field_date_typed"));
        focus(text);
        text->end(false);
        QTest::keyClicks(text, QStringLiteral("-21"));
        QVERIFY(n.form.issueText(QStringLiteral("date")).isEmpty());
        QVERIFY(n.edits.isEmpty());
        n.form.commitPendingEdits();
        QCOMPARE(n.changedLine(), QByteArray("date: 2010-07-21 00:00:00 +0530\n"));
        QVERIFY(n.form.invalidFields().isEmpty());
    }
}

QTEST_MAIN(TestFrontMatterForm)
#include "tst_frontmatterform.moc"
