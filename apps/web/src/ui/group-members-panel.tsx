// A group's members with their roles (owner, admins, members), next to the conversation (in its place
// at phone width). What the user may do follows their role: the owner makes and unmakes admins, the
// owner and admins remove those below them and add members (members too when the group allows it);
// everyone but the owner can leave, the owner can delete the group. Leaving and deleting ask first.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { GroupInfo, GroupMember, GroupRole } from '../groups/group-model.js';
import { roleLabel } from '../groups/group-model.js';
import { parseUserIds } from './group-create-form.js';

export interface GroupActions {
  loadMembers: (id: string) => Promise<unknown>;
  addMembers: (id: string, users: string[]) => Promise<boolean>;
  setAdmin: (id: string, user: string, admin: boolean) => Promise<void>;
  removeMember: (id: string, user: string) => Promise<void>;
  leave: (id: string) => Promise<boolean>;
  destroy: (id: string) => Promise<boolean>;
  answerInvite: (id: string, accept: boolean) => Promise<void>;
}

interface Props {
  group: GroupInfo;
  title: string;
  me: string;
  actions: GroupActions;
  onClose: () => void;
}

const RANK: Record<GroupRole, number> = { owner: 0, admin: 1, member: 2 };

function AddMembers({ group, me, actions }: Pick<Props, 'group' | 'me' | 'actions'>) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const users = parseUserIds(text).filter((u) => u !== me);
    if (users.length === 0) return setProblem('Enter the user IDs to add.');
    setProblem(undefined);
    setBusy(true);
    if (await actions.addMembers(group.id, users)) setText('');
    setBusy(false);
  };
  return (
    <form className="add-members" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor={`${id}-add`} className="visually-hidden">
        Add members by user ID
      </label>
      <input
        id={`${id}-add`}
        placeholder="Add members: user IDs"
        autoCapitalize="none"
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
      />
      <button type="submit" className="primary" disabled={busy}>
        Add
      </button>
      {problem && (
        <p id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

function MemberRow({
  member,
  group,
  me,
  actions,
}: { member: GroupMember } & Pick<Props, 'group' | 'me' | 'actions'>) {
  const mine = group.role;
  const self = member.userId === me;
  const canPromote = mine === 'owner' && !self && member.role !== 'owner';
  const canRemove = !self && mine !== undefined && mine !== 'member' && RANK[mine] < RANK[member.role];
  return (
    <li className="member" data-role={member.role}>
      <span className="avatar small" aria-hidden="true">
        {member.userId.slice(0, 1).toUpperCase()}
      </span>
      <span className="member-name">
        {member.userId}
        {self && <span className="muted"> (you)</span>}
      </span>
      <span className={`role role-${member.role}`}>{roleLabel[member.role]}</span>
      {(canPromote || canRemove) && (
        <span className="member-actions">
          {canPromote && (
            <button
              type="button"
              className="link"
              onClick={() => void actions.setAdmin(group.id, member.userId, member.role !== 'admin')}
            >
              {member.role === 'admin' ? 'Remove admin' : 'Make admin'}
              <span className="visually-hidden"> {member.userId}</span>
            </button>
          )}
          {canRemove && (
            <button
              type="button"
              className="link"
              onClick={() => void actions.removeMember(group.id, member.userId)}
            >
              Remove<span className="visually-hidden"> {member.userId}</span>
            </button>
          )}
        </span>
      )}
    </li>
  );
}

/** "Leave the group?" / "Delete the group for everyone?" in place of the button; focus on Cancel. */
function ConfirmExit({
  owner,
  title,
  onConfirm,
  onCancel,
}: {
  owner: boolean;
  title: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div
      className="conv-confirm"
      role="group"
      aria-labelledby={`${id}-q`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <span id={`${id}-q`}>
        {owner ? `Delete ${title} for everyone? Its members are told.` : `Leave ${title}?`}
      </span>
      <button type="button" className="danger" onClick={onConfirm}>
        {owner ? 'Delete group' : 'Leave'}
      </button>
      <button type="button" className="ghost" ref={cancel} onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

export function GroupMembersPanel({ group, title, me, actions, onClose }: Props) {
  const [confirming, setConfirming] = useState(false);
  const id = useId();
  const members = group.members;
  const owner = group.role === 'owner';
  const canAdd = group.role === 'owner' || group.role === 'admin' || (group.role && group.allowInvites);

  useEffect(() => {
    void actions.loadMembers(group.id);
  }, [actions, group.id]);

  return (
    <aside
      className="members"
      aria-labelledby={`${id}-title`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="members-header">
        <h3 id={`${id}-title`}>Members{members ? ` (${members.length})` : ''}</h3>
        <button type="button" className="icon" aria-label="Close the member list" onClick={onClose}>
          ×
        </button>
      </header>
      {canAdd && <AddMembers group={group} me={me} actions={actions} />}
      {members === undefined ? (
        <p className="empty">Loading members…</p>
      ) : (
        <ul className="member-list" aria-label={`Members of ${title}`}>
          {members.map((m) => (
            <MemberRow key={m.userId} member={m} group={group} me={me} actions={actions} />
          ))}
        </ul>
      )}
      {group.role && (
        <footer className="members-footer">
          {confirming ? (
            <ConfirmExit
              owner={owner}
              title={title}
              onConfirm={() => {
                setConfirming(false);
                void (owner ? actions.destroy(group.id) : actions.leave(group.id));
              }}
              onCancel={() => setConfirming(false)}
            />
          ) : (
            <button type="button" className="ghost danger-text" onClick={() => setConfirming(true)}>
              {owner ? 'Delete group' : 'Leave group'}
            </button>
          )}
        </footer>
      )}
    </aside>
  );
}
