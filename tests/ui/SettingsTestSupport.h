#pragma once
// Drives the real Settings dialog of a window in tests: opens it, lets the test change the form,
// presses OK (the dialog is modal, so the test's code runs from the dialog's own event loop).

#include "dialogs/SettingsDialog.h"
#include "mainwindow/MainWindow.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QTimer>

#include <functional>

namespace fw::test {

// True when the dialog opened and OK was pressed.
inline bool pressOkInSettings(MainWindow *window, const std::function<void(SettingsDialog *)> &edit)
{
    bool seen = false;
    QTimer::singleShot(0, window, [window, edit, &seen] {
        auto *dialog = window->findChild<SettingsDialog *>();
        if (!dialog)
            return;
        seen = true;
        if (edit)
            edit(dialog);
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    });
    window->showSettings();
    return seen;
}

} // namespace fw::test
