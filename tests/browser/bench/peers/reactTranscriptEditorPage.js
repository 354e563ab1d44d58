// Page entry for BBC's @bbc/react-transcript-editor (React 16, Draft.js): window.openTranscript(url) fetches a DPE
// transcript and mounts the editor with sttJsonType 'digitalpaperedit'; bundled by buildPeerPages.ts with react -> react16.
import React from 'react';
import ReactDOM from 'react-dom';
import { TranscriptEditor } from '@bbc/react-transcript-editor';

window.openTranscript = async (url) => {
  const transcriptData = await (await fetch(url)).json();
  ReactDOM.render(
    React.createElement(TranscriptEditor, { transcriptData, sttJsonType: 'digitalpaperedit', mediaUrl: '/media.wav', mediaType: 'audio', isEditable: true, spellCheck: false, title: 'bench' }),
    document.getElementById('root'),
  );
};
