// Page entry for BBC's slate-transcript-editor (React 16): window.openTranscript(url) fetches a DPE transcript and
// mounts the editor, as the benchmark asks; bundled by buildPeerPages.ts with react -> react16.
import React from 'react';
import ReactDOM from 'react-dom';
import SlateTranscriptEditor from 'slate-transcript-editor';

window.openTranscript = async (url) => {
  const transcriptData = await (await fetch(url)).json();
  ReactDOM.render(
    React.createElement(SlateTranscriptEditor, { transcriptData, mediaUrl: '/media.wav', mediaType: 'audio', isEditable: true, showSpeakers: true, showTimecodes: true }),
    document.getElementById('root'),
  );
};
