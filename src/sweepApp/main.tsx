import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../app/app.css';
import '../views/theme.css';
import './sweeps.css';
import { SweepApp } from './SweepApp.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('sweeps.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <SweepApp />
  </StrictMode>,
);
