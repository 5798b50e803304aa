import { describe, expect, it } from '@jest/globals';
import { DialerIndex } from '../../../src/application/dialer/dialer-index.js';

const T0 = '2026-03-02T03:30:00.000Z';
const T1 = '2026-03-02T03:31:00.000Z';

describe('DialerIndex.available', () => {
  it('holds the available agents with their idle-since time, and keeps a released agent its place', () => {
    const index = new DialerIndex(() => Date.parse(T1));
    let revision = 0n;
    const agentEvent = (type: string, data: Record<string, unknown>) => index.apply('agent-a1', revision++, revision, type, { agentId: 'a1', ...data });
    agentEvent('AgentRegistered', { name: 'A', phone: '+919910000001', at: T0 });
    expect(index.available.size).toBe(0);
    agentEvent('AgentBecameAvailable', { at: T0 });
    expect([...index.available]).toEqual([['a1', Date.parse(T0)]]);
    agentEvent('AgentReserved', { attemptId: 'c1~x', contactId: 'c1', campaignId: 'k', at: T1 });
    expect(index.available.size).toBe(0);
    agentEvent('AgentReservationReleased', { attemptId: 'c1~x', reason: 'contact-unavailable', at: T1 });
    expect([...index.available]).toEqual([['a1', Date.parse(T0)]]);
    agentEvent('AgentPaused', { reason: 'break', at: T1 });
    expect(index.available.size).toBe(0);
    agentEvent('AgentBecameAvailable', { at: T1 });
    expect([...index.available]).toEqual([['a1', Date.parse(T1)]]);
  });
});
