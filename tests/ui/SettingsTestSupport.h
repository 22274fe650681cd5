#pragma once
// Drives the real Settings dialog of a window in tests: opens it, lets the test change the form,
// presses OK (the dialog is modal, so the test's code runs from the dialog's own event loop).

#include "dialogs/SettingsDialog.h"
#include "ingest/FreePort.h"
#include "mainwindow/MainWindow.h"
#include "protocols/ProtocolRegistry.h"

#include <QDialogButtonBox>
#include <QHash>
#include <QPushButton>
#include <QSettings>
#include <QTimer>

#include <functional>

namespace fw::test {

// Puts every protocol on a free port in `settings` (never the defaults, which another program
// or test may hold). Returns protocol -> port; empty when no free port was found.
inline QHash<QString, quint16> assignFreePorts(QSettings &settings)
{
    QHash<QString, quint16> ports;
    const ProtocolRegistry registry;
    for (const auto &d : registry.decoders()) {
        // A port found free is released again, so the next call may find the same one: each
        // protocol needs its own (the Settings dialog refuses OK for a shared port).
        quint16 port = 0;
        for (int attempt = 0; attempt < 100 && (!port || ports.values().contains(port)); ++attempt)
            port = freeTcpUdpPort();
        if (!port || ports.values().contains(port))
            return {};
        ports.insert(d->info().name, port);
        settings.setValue(SettingsDialog::portKey(d->info().name), port);
    }
    return ports;
}

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
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        if (ok->isEnabled())
            ok->click();
        else
            dialog->reject(); // a refused OK fails the test instead of hanging it
        seen = ok->isEnabled();
    });
    window->showSettings();
    return seen;
}

} // namespace fw::test
