#!/usr/bin/python3
# Opens a DOCX in LibreOffice (headless, over UNO), updates every index as
# Word's 更新域 would, and prints the 目录's entries one per line as
# "text<TAB>page". Usage: lo-update-toc.py FILE.docx [PORT]
# Needs /usr/bin/python3 with python3-uno and soffice.
import os, subprocess, sys, tempfile, time
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

def main():
    path = os.path.abspath(sys.argv[1])
    port = sys.argv[2] if len(sys.argv) > 2 else '2%04d' % (os.getpid() % 10000)
    profile = tempfile.mkdtemp(prefix='lo-toc-')
    office = subprocess.Popen(['soffice', '--headless', '--invisible', '--norestore', '--nologo',
                               '-env:UserInstallation=file://' + profile,
                               '--accept=socket,host=127.0.0.1,port=%s;urp;' % port],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
        ctx = None
        for _ in range(120):
            try:
                ctx = resolver.resolve('uno:socket,host=127.0.0.1,port=%s;urp;StarOffice.ComponentContext' % port)
                break
            except Exception:
                time.sleep(0.25)
        if ctx is None:
            raise SystemExit('soffice did not answer')
        desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), '_blank', 0, (prop('Hidden', True),))
        indexes = doc.getDocumentIndexes()
        for i in range(indexes.getCount()):
            indexes.getByIndex(i).update()
        doc.refresh()
        layout_cursor = doc.getCurrentController().getViewCursor()
        for i in range(indexes.getCount()):
            idx = indexes.getByIndex(i)
            anchor = idx.getAnchor()
            text = anchor.getString()
            for line in text.split('\n'):
                line = line.strip()
                if not line:
                    continue
                parts = line.rsplit('\t', 1)
                print(parts[0].strip() + ('\t' + parts[1].strip() if len(parts) > 1 else ''))
        doc.close(True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        office.terminate()
        try:
            office.wait(10)
        except Exception:
            office.kill()

main()
