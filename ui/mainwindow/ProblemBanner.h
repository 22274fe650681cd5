#pragma once
// ProblemBanner: one compact line above the map for problems that need attention now (the
// database cannot be written, ports could not be opened, serious diagnosis findings): the first
// problem, elided to fit, how many more there are, and a "Details" link that opens the diagnosis
// panel. The full text is in the tooltip and the accessible description, never over the map.

#include <QStringList>
#include <QWidget>

class QLabel;

namespace fw {

class ProblemBanner : public QWidget
{
    Q_OBJECT
public:
    explicit ProblemBanner(QWidget *parent = nullptr);

    void setProblems(const QStringList &problems);
    QStringList problems() const { return m_problems; }
    QString shownText() const; // the line as drawn (elided)

signals:
    void detailsRequested();

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateText();

    QStringList m_problems;
    QLabel *m_text;
    QLabel *m_details;
};

} // namespace fw
