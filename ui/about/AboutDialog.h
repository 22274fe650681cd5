#pragma once
// AboutDialog: Help > About. Shows the version, the build (Qt version built against and running,
// compiler, build type), the third-party notices (packaging/THIRD_PARTY_NOTICES.md, compiled in
// through about.qrc and rendered as Markdown) and FleetWatch's licence. It reads nothing but its
// own resources, so it needs no other part of the program.

#include <QDialog>

QT_BEGIN_NAMESPACE
class QIcon;
class QTabWidget;
QT_END_NAMESPACE

namespace fw {

class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    enum Page { AboutPage, BuildPage, NoticesPage, LicencePage };
    Q_ENUM(Page)

    explicit AboutDialog(QWidget *parent = nullptr);

    void setCurrentPage(Page page);
    Page currentPage() const;

    // Plain text, one "label: value" line each; also what "Copy build information" copies.
    static QString buildInformation();
    static QString thirdPartyNotices(); // Markdown
    static QString licenceText();
    static QIcon applicationIcon(); // the SVG the hicolor icons are made from

private:
    QTabWidget *m_tabs;
};

} // namespace fw
