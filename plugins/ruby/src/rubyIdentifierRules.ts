import { acronymRules, type PhraseRule } from '@verbatim/plugin-sdk';

const w = (say: string, write: string): PhraseRule => ({ say, write });

const LANGUAGE: PhraseRule[] = [
  w('ruby', 'Ruby'),
  w('ruby on rails', 'Ruby on Rails'),
  // "off the rails" and the like are English, not the framework
  { say: 'rails', write: 'Rails', notAfter: ['off the', 'guard', 'hand', 'towel', 'curtain', 'train', 'the guard', 'the hand'] },
  w('jruby', 'JRuby'), w('j ruby', 'JRuby'),
  w('truffleruby', 'TruffleRuby'), w('truffle ruby', 'TruffleRuby'),
  w('cruby', 'CRuby'), w('c ruby', 'CRuby'),
  w('yjit', 'YJIT'), w('why jit', 'YJIT'), w('y jit', 'YJIT'),
  w('mjit', 'MJIT'), w('m jit', 'MJIT'),
  w('ractor', 'Ractor'), w('ractors', 'Ractors'),
  w('matz', 'Matz'),
  w('rdoc', 'RDoc'), w('r doc', 'RDoc'),
  w('object space', 'ObjectSpace'),
  w('no method error', 'NoMethodError'),
  w('zero division error', 'ZeroDivisionError'),
  w('frozen string literal', 'frozen_string_literal'),
  w('respond to missing', 'respond_to_missing?'),
  w('instance eval', 'instance_eval'),
  w('class eval', 'class_eval'),
  w('instance variable get', 'instance_variable_get'),
  w('attr accessor', 'attr_accessor'),
  w('attr reader', 'attr_reader'),
  w('attr writer', 'attr_writer'),
  w('has and belongs to many', 'has_and_belongs_to_many'),
  w('n plus one', 'N+1'),
];

const RAILS: PhraseRule[] = [
  ...['record', 'model', 'support', 'job', 'storage', 'admin'].map((part) => w(`active ${part}`, `Active${cap(part)}`)),
  ...['controller', 'view', 'cable', 'mailer', 'mailbox', 'text', 'dispatch', 'pack'].map((part) => w(`action ${part}`, `Action${cap(part)}`)),
  w('activerecord', 'ActiveRecord'),
  w('activesupport', 'ActiveSupport'),
  w('active record base', 'ActiveRecord::Base'), w('activerecord base', 'ActiveRecord::Base'),
  w('action controller base', 'ActionController::Base'),
  w('active support concern', 'ActiveSupport::Concern'), w('activesupport concern', 'ActiveSupport::Concern'),
  w('application record', 'ApplicationRecord'),
  w('application controller', 'ApplicationController'),
  w('railties', 'Railties'), w('rail ties', 'Railties'),
  w('solid queue', 'Solid Queue'), w('solid cache', 'Solid Cache'), w('solid cable', 'Solid Cable'),
  w('kamal', 'Kamal'), w('hotwire', 'Hotwire'), w('webpacker', 'Webpacker'), w('propshaft', 'Propshaft'),
  w('turbolinks', 'Turbolinks'), w('turbo links', 'Turbolinks'),
  w('zeitwerk', 'Zeitwerk'), w('zeit werk', 'Zeitwerk'),
  w('schema dot rb', 'schema.rb'), w('routes dot rb', 'routes.rb'),
  w('db migrate', 'db:migrate'), w('d b migrate', 'db:migrate'),
  w('db rollback', 'db:rollback'), w('d b rollback', 'db:rollback'),
  w('db seed', 'db:seed'), w('d b seed', 'db:seed'),
  w('rails world', 'Rails World'), w('ruby central', 'Ruby Central'),
  w('ruby conf', 'RubyConf'), w('rubyconf', 'RubyConf'),
  w('rails conf', 'RailsConf'), w('railsconf', 'RailsConf'),
  w('ruby kaigi', 'RubyKaigi'), w('rubykaigi', 'RubyKaigi'),
];

// Gems and tools; ordinary English words among their names (devise, pundit, rack, pry, slim...) are left alone.
const TOOLS: PhraseRule[] = [
  w('rubygems', 'RubyGems'), w('ruby gems', 'RubyGems'), w('ruby gems dot org', 'rubygems.org'),
  w('gemfile', 'Gemfile'), w('gemfile lock', 'Gemfile.lock'), w('gem file lock', 'Gemfile.lock'),
  w('rakefile', 'Rakefile'), w('rake file', 'Rakefile'),
  w('bundler', 'Bundler'),
  w('rubocop', 'RuboCop'), w('rubo cop', 'RuboCop'), w('ruby cop', 'RuboCop'),
  w('rspec', 'RSpec'), w('r spec', 'RSpec'),
  w('minitest', 'Minitest'),
  w('capybara', 'Capybara'),
  w('factory bot', 'FactoryBot'),
  w('simplecov', 'SimpleCov'), w('simple cov', 'SimpleCov'),
  w('webmock', 'WebMock'), w('web mock', 'WebMock'),
  w('sidekiq', 'Sidekiq'), w('resque', 'Resque'), w('puma', 'Puma'),
  w('nokogiri', 'Nokogiri'), w('noko giri', 'Nokogiri'),
  w('cancancan', 'CanCanCan'), w('can can can', 'CanCanCan'),
  w('omniauth', 'OmniAuth'), w('omni auth', 'OmniAuth'),
  w('kaminari', 'Kaminari'), w('sorbet', 'Sorbet'),
  w('rack middleware', 'Rack middleware'),
  w('sinatra', 'Sinatra'), w('hanami', 'Hanami'), w('roda', 'Roda'),
  w('dry rb', 'dry-rb'), w('dry r b', 'dry-rb'),
  w('rubymine', 'RubyMine'), w('ruby mine', 'RubyMine'),
  w('haml', 'Haml'),
  w('graphql', 'GraphQL'), w('graph ql', 'GraphQL'), w('graph q l', 'GraphQL'),
  w('faraday', 'Faraday'),
  w('httparty', 'HTTParty'), w('h t t party', 'HTTParty'),
  w('rest api', 'REST API'),
  w('oauth', 'OAuth'), w('o auth', 'OAuth'),
  w('postgres', 'Postgres'), w('postgress', 'Postgres'),
  w('postgresql', 'PostgreSQL'), w('postgres q l', 'PostgreSQL'), w('postgres sql', 'PostgreSQL'),
  w('redis', 'Redis'),
  w('sqlite', 'SQLite'), w('s q lite', 'SQLite'),
  w('mysql', 'MySQL'), w('my sql', 'MySQL'),
  w('mongodb', 'MongoDB'), w('mongo db', 'MongoDB'),
  w('elasticsearch', 'Elasticsearch'), w('elastic search', 'Elasticsearch'),
  w('memcached', 'Memcached'), w('mem cached', 'Memcached'),
  w('heroku', 'Heroku'), w('docker', 'Docker'), w('kubernetes', 'Kubernetes'),
  w('github', 'GitHub'), w('git hub', 'GitHub'),
  w('gitlab', 'GitLab'), w('git lab', 'GitLab'),
  w('javascript', 'JavaScript'), w('java script', 'JavaScript'),
  w('typescript', 'TypeScript'), w('type script', 'TypeScript'),
];

const ACRONYMS: PhraseRule[] = [
  ...['API', 'URL', 'PR'].flatMap((a) => acronymRules(a, { plural: true })),
  ...['JSON', 'YAML', 'HTML', 'CSS', 'SQL', 'ORM', 'MVC', 'CRUD', 'DSL', 'CLI', 'HTTP', 'HTTPS', 'JWT', 'CSRF', 'XSS', 'TDD', 'BDD', 'CI', 'IRB', 'RBS', 'ERB', 'GVL', 'VCR', 'RVM', 'AWS', 'DHH', 'JIT'].flatMap((a) => acronymRules(a)),
  // "gil" is also a name
  ...acronymRules('GIL', { word: false }),
];

/** The rules of `ruby.identifiers`: Ruby and Rails names, gems, tools and acronyms as Rubyists write them. */
export const RUBY_IDENTIFIER_RULES: readonly PhraseRule[] = [...LANGUAGE, ...RAILS, ...TOOLS, ...ACRONYMS];

function cap(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}
