#pragma once
// MainWindow: the operator's desktop. Dock widgets that operators arrange (remembered between
// runs) around a central area, with the menu, toolbar and status bar every desktop program has.

#include <QMainWindow>

namespace fw {

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void restoreLayout();
    void saveLayout() const;
};

} // namespace fw
